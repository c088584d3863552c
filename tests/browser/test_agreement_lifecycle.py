"""The lifecycle of an agreement in the browser (issue 15): cooperation staff
renew the Poltekes IA, share the draft with the partner's coordinator, who
uploads a counter-version, comments and agrees; staff confirm, record the
signatories and the signing; the old IA shows as renewed and gets no expiry
reminder any more. A second test reads the demo's draft under discussion at
a phone's width, in Indonesian and English.

Screenshots: test-results/screenshots/<test>/.
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.browser.test_journey_staff import sign_in, staff_admin_language
from tests.factories.files import docx_bytes, pdf_bytes

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
PASSWORD = "pustaka-demo-2024"
DASHBOARD = "/institusi-saya/poltekes-banjarmasin/"
IA = "Pelatihan penelusuran informasi kesehatan untuk pustakawan"
DEMO_DRAFT = "Pendampingan pengelolaan repositori digital kesehatan"


def _file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def _body(journey):
    """The whole page's text: the portal shows its messages above <main>."""
    return journey.page.locator("body").inner_text()


def _old_ia():
    from partners.models import Agreement

    return Agreement.objects.filter(title=IA).order_by("pk").first()


@pytest.mark.parametrize("viewport", ["desktop"])
def test_draft_renewal_agreed_signed_and_old_one_renewed(
    demo, journey, chromium, live_server, tmp_path
):
    from partners.models import AgreementReminder
    from partners.services import agreement_reminders_due
    from tests.browser.harness import Journey

    old = _old_ia()
    today = timezone.localdate()
    # A day when the old IA's reminder is due, while it is not yet renewed.
    reminder_day = max(today, old.end_date - datetime.timedelta(days=7))
    assert old in [agreement for agreement, _days in agreement_reminders_due(today=reminder_day)]

    # Staff renew the IA and open the drafting screen of the renewal.
    staff_admin_language("id")
    page = journey.page
    sign_in(journey)
    journey.goto(f"/admin/partners/agreements/inspect/{old.pk}/")
    page.get_by_role("link", name="Perpanjang").first.click()
    page.get_by_role("button", name="Ya, lanjutkan").click()
    page.wait_for_load_state()
    assert "Draf perpanjangan" in journey.main_text()
    renewal = old.__class__.objects.get(renews=old)
    journey.goto(f"/admin/partners/agreements/inspect/{renewal.pk}/")
    page.get_by_role("link", name="Penyusunan draf bersama mitra").first.click()
    page.wait_for_load_state()
    assert "Belum dibagikan" in journey.main_text()

    # Our first version, then the draft is shared with the coordinator.
    page.locator("#id_version-file").set_input_files(
        _file(tmp_path, "ia-2027-v1.docx", docx_bytes("IA 2027, rancangan Open Library"))
    )
    page.locator("#id_version-note").fill("Rancangan awal perpanjangan.")
    page.get_by_role("button", name="Unggah versi").click()
    page.wait_for_load_state()
    assert "Versi 1 telah diunggah" in journey.main_text()
    page.get_by_role("button", name="Bagikan kepada mitra").click()
    page.wait_for_load_state()
    assert "Draf telah dibagikan" in journey.main_text()
    journey.step("staff shared the draft")
    shared_mail = [message for message in mail.outbox if message.to == [COORDINATOR]]
    assert len(shared_mail) == 1 and IA in shared_mail[0].subject
    link = re.search(r"https?://\S+(/institusi-saya/\S+/draf/\d+/)", shared_mail[0].body)
    assert link is not None

    # The coordinator follows the e-mail, uploads a counter-version, comments and agrees.
    partner = Journey(
        chromium=chromium,
        base_url=live_server.url,
        name="test_draft_renewal_partner",
        viewport_name="desktop",
    )
    try:
        partner.sign_in(COORDINATOR, PASSWORD)
        partner.goto(DASHBOARD)
        drafts = partner.page.locator("section[aria-labelledby=drafts]").inner_text()
        assert "Draf dalam pembahasan" in drafts and IA in drafts
        partner.goto(link.group(1))
        other = partner.page
        assert "Versi 1" in partner.main_text() and "Rancangan awal perpanjangan." in (
            partner.main_text()
        )
        other.locator("#id_version-file").set_input_files(
            _file(tmp_path, "ia-2027-poltekes.pdf", pdf_bytes())
        )
        other.locator("#id_version-note").fill("Pasal 3: jadwal pelatihan kami geser ke Maret.")
        other.get_by_role("button", name="Unggah versi").click()
        other.wait_for_load_state()
        assert "Versi 2 telah diunggah" in _body(partner)
        other.locator("#id_comment-body").fill("Versi 2 memuat usulan kami; mohon ditinjau.")
        other.locator("#id_comment-version").select_option(label="Versi 2")
        other.get_by_role("button", name="Kirim komentar").click()
        other.wait_for_load_state()
        other.get_by_role("button", name="Setujui versi 2").click()
        other.wait_for_load_state()
        assert "Anda menyetujui versi 2; pihak lain diminta mengonfirmasi." in _body(partner)
        text = partner.main_text()
        assert "Versi 2 memuat usulan kami; mohon ditinjau." in text
        assert "Disetujui oleh: Politeknik Kesehatan" in text or "Disetujui oleh: Poltekes" in text
        partner.step("partner agreed to version 2")
    finally:
        partner.close()

    # Staff read it, confirm, and record the signing in the agreement.
    journey.goto(f"/admin/partners/agreements/draft/{renewal.pk}/")
    text = journey.main_text()
    assert "Versi 2 memuat usulan kami; mohon ditinjau." in text
    assert "Pasal 3: jadwal pelatihan kami geser ke Maret." in text
    page.get_by_role("button", name="Setujui versi 2").click()
    page.wait_for_load_state()
    assert "Kedua pihak telah menyetujui versi 2" in journey.main_text()
    journey.step("staff confirmed version 2")
    page.get_by_role("link", name="Ubah perjanjian").click()
    page.wait_for_load_state()
    end = old.parent.end_date
    page.locator("#id_signed_on").fill(today.isoformat())
    page.locator("#id_start_date").fill(today.isoformat())
    page.locator("#id_end_date").fill(end.isoformat())
    for index in range(2):
        page.locator(f"#id_signatories-{index}-signed_on").fill(today.isoformat())
    page.get_by_role("button", name="Simpan").first.click()
    page.wait_for_load_state()
    assert "/edit/" not in page.url, journey.main_text()[:500]
    renewal.refresh_from_db()
    assert renewal.signed_on == today
    assert [signatory.signed_on for signatory in renewal.signatories.all()] == [today, today]

    # The old IA is renewed, in the admin and on the partner's dashboard.
    journey.goto(f"/admin/partners/agreements/inspect/{old.pk}/")
    assert "Diperpanjang" in journey.main_text()
    journey.step("old agreement renewed")
    partner = Journey(
        chromium=chromium,
        base_url=live_server.url,
        name="test_draft_renewal_partner",
        viewport_name="desktop",
    )
    try:
        partner.sign_in(COORDINATOR, PASSWORD)
        partner.goto(DASHBOARD)
        item = partner.page.locator(f"#agreement-{old.pk}").inner_text()
        assert "Diperpanjang" in item and f"Diperpanjang oleh: {IA}" in item
        drafts = partner.page.locator("section[aria-labelledby=drafts]").inner_text()
        assert IA not in drafts  # signed: no longer under discussion
    finally:
        partner.close()

    # No expiry reminder for the old IA any more (the demo's other expiring
    # agreement still gets its own).
    mail.outbox = []
    import time_machine

    with time_machine.travel(
        datetime.datetime.combine(
            reminder_day, datetime.time(7, 15), tzinfo=timezone.get_current_timezone()
        )
    ):
        call_command("send_agreement_reminders", stdout=io.StringIO())
    assert not AgreementReminder.objects.filter(agreement=old).exists()
    assert all(IA not in message.subject for message in mail.outbox)


@pytest.mark.parametrize("viewport", ["phone"])
def test_coordinator_reads_the_demo_draft_on_a_phone(demo, journey):
    from partners.models import Agreement

    draft = Agreement.objects.get(title=DEMO_DRAFT)
    journey.sign_in(COORDINATOR, PASSWORD)
    journey.goto(DASHBOARD)
    journey.page.get_by_role("link", name=re.compile(DEMO_DRAFT)).click()
    journey.page.wait_for_load_state()
    text = journey.main_text()
    assert "Versi 2" in text and "Versi 1" in text
    assert "Pasal 2: kami hanya dapat menugaskan satu pustakawan penuh waktu." in text
    assert "Unduh (DOCX)" in text and "Unduh (PDF)" in text
    journey.step("demo draft in Indonesian")

    journey.goto(f"/en{DASHBOARD}draf/{draft.pk}/")
    text = journey.main_text()
    assert "Versions" in text and "Comments" in text
    assert "Agree to version 2" in text
    journey.step("demo draft in English")
