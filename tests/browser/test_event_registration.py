"""Readers sign up for an event with a few seats: the first confirms by the
e-mailed link and gets the event's .ics, the next is waitlisted, the first
cancels by the link in their e-mail and the waiting reader is promoted and
mailed; staff check the promoted reader in from the phone-sized page.

Screenshots: test-results/screenshots/<test>/ (copies in the notes).
"""

import re
from urllib.parse import urlsplit

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.core import mail

from tests.browser.test_journey_staff import sign_in

pytestmark = pytest.mark.browser


def _link(kind, to):
    """The path of the ``kind`` link (konfirmasi, batal) in the latest mail to ``to`` with one."""
    for message in reversed([m for m in mail.outbox if m.to == [to]]):
        match = re.search(rf"https?://[^/\s]+(/\S*pendaftaran/{kind}/\S+/)", message.body)
        if match:
            return match.group(1)
    raise AssertionError(f"no {kind} link mailed to {to}")


def _register(journey, path, *, name, email, institution):
    page = journey.page
    journey.goto(path)
    page.get_by_role(
        "link", name=re.compile("^(Daftar untuk acara ini|Register for this event)$")
    ).click()
    page.get_by_label(re.compile("Nama Anda|Your name")).fill(name)
    page.get_by_label(re.compile("Alamat email|E-mail address")).fill(email)
    page.get_by_label(re.compile("Institusi|Institution")).fill(institution)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_reader_registers_is_waitlisted_and_promoted_on_a_cancellation(demo, journey, viewport):
    from partners.events.models import Registration, RegistrationSetup
    from tests.factories.events import EventFactory

    event = EventFactory(title=f"Kelas menulis cerita ({viewport})", venue="Open Library")
    RegistrationSetup.objects.create(event=event, capacity=1, ask_institution=True)
    page = journey.page
    first, second = f"sari.{viewport}@example.org", f"budi.{viewport}@example.org"

    # The first reader, in Indonesian: the event page offers registration.
    journey.goto(event.get_absolute_url())
    assert "Pendaftaran dibuka untuk 1 kursi" in journey.main_text()
    journey.step("event page with registration")
    _register(journey, event.get_absolute_url(), name="Sari Dewi", email=first, institution="SMA 1")
    assert "Periksa email Anda" in journey.main_text()
    journey.step("check your e-mail")
    journey.goto(_link("konfirmasi", first))
    page.get_by_role("button", name="Konfirmasi pendaftaran saya").click()
    page.wait_for_load_state()
    code = Registration.objects.get(email=first).code
    assert f"kursi Anda terkonfirmasi. Kode kehadiran Anda: {code}" in journey.main_text()
    journey.step("seat confirmed")
    # The confirmation carries the event's .ics, which calendar libraries read.
    confirmation = [m for m in mail.outbox if m.to == [first]][-1]
    ics = confirmation.attachments[0][1]
    ics = ics.encode() if isinstance(ics, str) else ics  # text/* comes back decoded
    assert icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]["SUMMARY"] == event.title
    assert vobject.readOne(ics.decode()).vevent.summary.value == event.title
    assert (
        len(
            recurring_ical_events.of(icalendar.Calendar.from_ical(ics)).between(
                event.start, event.end
            )
        )
        == 1
    )

    # The event is full: the second reader, in English, is waitlisted.
    journey.goto(f"/en{event.get_absolute_url()}")
    page.get_by_role("link", name="Register for this event").click()
    assert "All seats are taken: if you register, you join the waiting list." in (
        journey.main_text()
    )
    journey.step("full event in English")
    page.get_by_label("Your name").fill("Budi Santoso")
    page.get_by_label("E-mail address").fill(second)
    page.get_by_label("Institution").fill("Perpustakaan Kota")
    page.get_by_role("button", name="Join the waiting list").click()
    page.wait_for_load_state()
    journey.goto(_link("konfirmasi", second))
    page.get_by_role("button", name="Confirm my registration").click()
    page.wait_for_load_state()
    assert "You are on the waiting list (number 1)" in journey.main_text()
    journey.step("waitlisted")

    # The first reader cancels by the link in the e-mail: the seat goes on at once.
    journey.goto(_link("batal", first))
    page.get_by_role("button", name="Batalkan pendaftaran saya").click()
    page.wait_for_load_state()
    assert "Pendaftaran ini sudah dibatalkan." in journey.main_text()
    journey.step("cancelled")
    promoted = [m for m in mail.outbox if m.to == [second]][-1]
    assert promoted.subject == f"A seat is yours: {event.title}"
    assert promoted.attachments
    journey.goto(urlsplit(_link("konfirmasi", second)).path)
    assert "your seat is confirmed" in journey.main_text()
    journey.step("promoted")

    # Staff check the promoted reader in at the door.
    setup = RegistrationSetup.objects.get(event=event)
    sign_in(journey)
    journey.goto(f"/admin/pendaftaran-acara/{setup.pk}/kehadiran/")
    page.get_by_label("Nama atau kode kehadiran").fill("budi")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_load_state()
    assert "Budi Santoso" in journey.main_text()
    page.get_by_role("button", name="Catat hadir", exact=True).click()
    page.wait_for_load_state()
    assert "Budi Santoso tercatat hadir." in page.locator("body").inner_text()
    journey.step("checked in")
    assert Registration.objects.get(email=second).checked_in_at is not None

    # The lists: the seat-holder checked in, nobody waiting, the export links.
    page.get_by_role("link", name="Semua pendaftar").click()
    page.wait_for_load_state()
    text = journey.main_text()
    assert "1 dari 1 kursi terisi, 0 menunggu" in text
    assert "Budi Santoso" in text and "Tidak ada yang menunggu." in text
    assert page.get_by_role("link", name="Unduh (XLSX)").is_visible()
    journey.step("registrants list")
