"""A partner coordinator proposes an event for the joint programme calendar,
staff ask for changes, the coordinator resubmits, staff approve, and the
event is on the public calendar and in the partner's feed: at desktop and
phone widths, on the demo site.

Screenshots: test-results/screenshots/<test>/.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.test_journey_coordinator import COORDINATOR, PASSWORD
from tests.browser.test_journey_staff import sign_in as staff_sign_in

pytestmark = pytest.mark.browser

POLTEKES = "poltekes-banjarmasin"


def _as_coordinator(journey):
    journey.page.context.clear_cookies()
    journey.sign_in(COORDINATOR, PASSWORD)


def _as_staff(journey):
    journey.page.context.clear_cookies()
    staff_sign_in(journey)


def _local(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


def test_proposal_changes_resubmission_approval_and_publication(demo, journey, viewport):
    page = journey.page
    title = f"Lomba Resensi Buku Kesehatan ({viewport})"

    # The coordinator proposes from the dashboard.
    _as_coordinator(journey)
    journey.goto(f"/institusi-saya/{POLTEKES}/")
    page.get_by_role("link", name=re.compile("^Usulan acara: usulkan acara")).click()
    page.wait_for_load_state()
    assert "Usulan acara" in journey.main_text()
    journey.step("proposals of the institution")
    page.get_by_role("link", name="Usulkan acara", exact=True).click()
    page.wait_for_load_state()
    journey.step("empty proposal form")
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill("Lomba menulis resensi buku kesehatan untuk mahasiswa.")
    page.locator("#id_kind").select_option("competition")
    page.locator("#id_start").fill(_local(30, 9))
    page.locator("#id_end").fill(_local(30, 12))
    page.locator("#id_time_zone").select_option("Asia/Makassar")
    page.locator("#id_mode").select_option("online")
    # A mistake first: an online event without its link keeps what was typed.
    page.get_by_role("button", name="Kirim usulan").click()
    page.wait_for_load_state()
    assert "Isi tautan untuk kegiatan daring atau hibrida." in journey.main_text()
    assert page.locator("#id_title").input_value() == title
    journey.step("proposal with a mistake", expect_statuses=[(400, "/usulan-acara/baru/")])
    page.locator("#id_online_url").fill("https://meet.poltekes.example/lomba-resensi")
    page.locator("#id_other_organisers").fill("Himpunan Mahasiswa Gizi")
    page.get_by_role("button", name="Kirim usulan").click()
    page.wait_for_load_state()
    assert "Usulan Anda telah dikirim." in page.locator("body").inner_text()
    assert "Dikirim, menunggu tinjauan" in journey.main_text()
    journey.step("proposal sent")
    assert any(title in message.subject for message in mail.outbox)

    # Staff ask for changes in the admin.
    _as_staff(journey)
    journey.goto("/admin/usulan-acara/?status=submitted")
    row = page.locator("tbody tr", has_text=title)
    assert "Politeknik" in row.inner_text() or "Poltekes" in row.inner_text()
    journey.step("proposals in the admin")
    row.get_by_role("link", name="Tinjau").click()
    page.wait_for_load_state()
    assert "Himpunan Mahasiswa Gizi" in journey.main_text()
    page.get_by_label("Minta perubahan").check()
    page.locator("#id_comment").fill("Sebutkan hadiah dan juri lombanya.")
    journey.step("review")
    page.get_by_role("button", name="Simpan keputusan").click()
    page.wait_for_load_state()
    assert f"Perubahan diminta untuk “{title}”" in page.locator("body").inner_text()

    # The coordinator reads the comment, changes the proposal and resubmits.
    _as_coordinator(journey)
    journey.goto(f"/institusi-saya/{POLTEKES}/usulan-acara/")
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    text = journey.main_text()
    assert "Perubahan diminta" in text and "Sebutkan hadiah dan juri lombanya." in text
    journey.step("changes requested")
    page.get_by_role("link", name="Ubah dan kirim lagi").click()
    page.wait_for_load_state()
    assert page.locator("#id_title").input_value() == title
    page.locator("#id_description").fill("Hadiah buku; juri: dosen gizi dan pustakawan.")
    page.get_by_role("button", name="Kirim lagi").click()
    page.wait_for_load_state()
    assert "Perubahan Anda telah dikirim." in page.locator("body").inner_text()
    journey.step("resubmitted")
    # In English, the same status.
    journey.goto(f"/en/institusi-saya/{POLTEKES}/usulan-acara/")
    assert "Submitted, awaiting review" in journey.main_text()
    journey.step("proposals in English")

    # Staff approve: the event is published.
    _as_staff(journey)
    journey.goto("/admin/usulan-acara/?status=submitted")
    page.locator("tbody tr", has_text=title).get_by_role("link", name="Tinjau").click()
    page.wait_for_load_state()
    assert "Hadiah buku; juri: dosen gizi dan pustakawan." in journey.main_text()
    page.get_by_label("Setujui dan terbitkan di kalender bersama").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    page.wait_for_load_state()
    assert f"“{title}” disetujui dan diterbitkan" in page.locator("body").inner_text()

    # Readers see it on the calendar; the partner's feed carries it.
    page.context.clear_cookies()
    journey.goto("/acara/")
    page.get_by_role("link", name=title).first.click()
    page.wait_for_load_state()
    text = journey.main_text()
    assert title in text and "Himpunan Mahasiswa Gizi" in text
    journey.step("published event")
    feed = page.request.get(f"{journey.base_url}/acara/feed/mitra/{POLTEKES}.ics").text()
    assert f"SUMMARY:{title}" in feed.replace("\r\n ", "")
    # The coordinator's status page links to it.
    _as_coordinator(journey)
    journey.goto(f"/institusi-saya/{POLTEKES}/usulan-acara/")
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert "Disetujui dan diterbitkan" in journey.main_text()
    assert page.get_by_role("link", name="Lihat halaman acara").is_visible()
    journey.step("published status")
