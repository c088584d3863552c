"""A cooperation staff member's day (Dewi Kartika, the demo's staff member),
in Indonesian and English, at desktop and phone widths: she reads the daily
digest and follows its direct link, opens the scheduling board (venue menu
and month steps with the keyboard), opens a pending request from the board
and schedules it into a free preferred time in one action, moves another
visit, and writes an internal note. The partner's updated invitation (the
.ics of the move's e-mail) parses with icalendar and with vobject: same UID
as the original invitation, SEQUENCE one higher.

Screenshots: test-results/screenshots/<test>/."""

import datetime
import re

import icalendar
import pytest
import vobject

from tests.browser.test_journey_staff import STAFF, sign_in, staff_admin_language

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"

TEXT = {
    "id": {
        "board": "Papan jadwal",
        "venue": "Tampilkan",
        "next_month": "Bulan berikutnya",
        "tentative": "Sementara, pilihan 1",
        "scheduled": "Terjadwal",
        "free": "Bebas",
        "schedule": "Jadwalkan pilihan 1",
        "now_scheduled": "kini berstatus “Terjadwal”",
        "move": "Pindahkan kunjungan",
        "moved": "dipindahkan ke",
        "add_note": "Tambahkan catatan",
        "note_saved": "Catatan internal Anda tersimpan.",
        "overdue": "Menunggu lebih dari",
    },
    "en": {
        "board": "Scheduling board",
        "venue": "Show",
        "next_month": "Next month",
        "tentative": "Tentative, choice 1",
        "scheduled": "Scheduled",
        "free": "Free",
        "schedule": "Schedule choice 1",
        "now_scheduled": "is now “Scheduled”",
        "move": "Move the visit",
        "moved": "is moved to",
        "add_note": "Add the note",
        "note_saved": "Your internal note is saved.",
        "overdue": "Waiting longer than",
    },
}
# Each run of the module's shared demo site takes its own days.
OFFSETS = {("desktop", "id"): 0, ("phone", "id"): 10, ("desktop", "en"): 20, ("phone", "en"): 30}


def _invitations_to(address):
    """The .ics attachments of the e-mails to ``address``, oldest first."""
    from django.core import mail

    return [
        content.encode() if isinstance(content, str) else content
        for message in mail.outbox
        if message.to == [address]
        for name, content, _mimetype in message.attachments
        if name.endswith(".ics")
    ]


def _day_setup(viewport, language):
    """A pending request with a free preferred time, and a visit scheduled
    through the service (its partner got the original invitation)."""
    from django.utils import timezone

    from partners.models import Institution
    from portal.models import User
    from tests.factories.visits import VisitRequestFactory
    from visits.demo_requests import open_time
    from visits.models import Venue
    from visits.services import workflow

    offset = OFFSETS[(viewport, language)]
    today = timezone.localdate()
    venue = Venue.objects.active().order_by("pk").first()
    institution = Institution.objects.get(slug="poltekes-banjarmasin")
    coordinator = User.objects.get(email=COORDINATOR)
    dewi = User.objects.get(email=STAFF)
    start, end = open_time(venue, today + datetime.timedelta(days=35 + offset))
    pending = VisitRequestFactory(
        institution=institution,
        requester=coordinator,
        contact_email=COORDINATOR,
        venue=venue,
        purpose=f"Studi banding layanan literasi kesehatan ({viewport}, {language})",
        slots=[(start, end)],
    )
    other = VisitRequestFactory(
        institution=institution,
        requester=coordinator,
        contact_email=COORDINATOR,
        venue=venue,
        slots=False,
    )
    other_start, other_end = open_time(venue, today + datetime.timedelta(days=37 + offset))
    workflow.visit_request_schedule(
        visit=other,
        actor=dewi,
        venue=venue,
        start=other_start,
        end=other_end,
        host_staff=dewi,
    )
    other.refresh_from_db()
    return venue, pending, other


def _digest_link(body, reference):
    """The admin path the digest gives for ``reference`` (the line after it)."""
    lines = body.splitlines()
    for number, line in enumerate(lines):
        if reference in line:
            return re.search(r"https?://[^/\s]+(/admin/\S+)", lines[number + 1]).group(1)
    raise AssertionError(f"{reference} is not in the digest:\n{body}")


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_staff_members_day(demo, journey, viewport, language):
    from django.core.management import call_command
    from django.utils import timezone

    from portal.models import User
    from visits.demo_requests import open_time
    from visits.models import AlertMode, VisitAlertPreference, VisitRequest
    from visits.services import alerts, availability

    text = TEXT[language]
    page = journey.page
    venue, pending, other = _day_setup(viewport, language)
    [original] = _invitations_to(COORDINATOR)
    staff_admin_language(language)
    dewi = User.objects.get(email=STAFF)
    alerts.alert_preference_set(user=dewi, mode=AlertMode.DIGEST)
    from django.core import mail

    seen = len(mail.outbox)  # the invitations of the setup (partner and host)
    try:
        # Morning: the daily digest, with a direct link to each open request.
        call_command("send_visit_digest", stdout=__import__("io").StringIO())
        call_command("send_visit_digest", stdout=__import__("io").StringIO())  # run twice
        [digest] = [message for message in mail.outbox[seen:] if message.to == [STAFF]]
        assert pending.reference in digest.body
        sign_in(journey)
        journey.goto(_digest_link(digest.body, pending.reference))
        assert pending.reference in journey.main_text()
        assert text["free"] in journey.main_text()
        journey.step(f"request from the digest ({language})")

        # The board: her venue chosen from the menu, then month by month
        # (keyboard only) to the request's preferred time.
        journey.goto("/admin/visit_board/")
        assert text["board"] in journey.main_text()
        page.locator("#board-venue").select_option(str(venue.pk))
        page.get_by_role("button", name=text["venue"], exact=True).focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert f"venue={venue.pk}" in page.url
        slot = pending.preferred_slots.get()
        target = slot.start.astimezone(availability.venue_zone(venue)).date().replace(day=1)
        if target != timezone.localdate().replace(day=1):
            for _month in range(4):
                page.get_by_role("link", name=re.compile(text["next_month"])).focus()
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                if f"date={target.isoformat()}" in page.url:
                    break
        hold = page.locator(".board-entry", has_text=pending.reference)
        assert hold.count() == 1
        assert text["tentative"] in hold.inner_text()
        booked = page.locator(".board-entry", has_text=other.reference)
        if other.scheduled_start.month == slot.start.month:
            assert text["scheduled"] in booked.inner_text()
        journey.step(f"board ({language})")

        # From the board to the request; its free time scheduled in one action.
        hold.get_by_role("link").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/admin/visit_requests/inspect/{pending.pk}/")
        page.get_by_role("button", name=text["schedule"]).click()
        page.wait_for_load_state()
        assert f"{pending.reference} {text['now_scheduled']}" in journey.main_text()
        journey.step(f"request scheduled ({language})")
        assert VisitRequest.objects.get(pk=pending.pk).state == "scheduled"

        # Another visit moved to a week later, with the reason.
        # (a time no earlier run of this module has booked)
        from visits.models import VisitRequest as Booked

        days = 7
        while True:
            new_start, new_end = open_time(
                venue, other.scheduled_start.date() + datetime.timedelta(days=days)
            )
            if not Booked.objects.filter(
                venue=venue,
                scheduled_start__lt=new_end + datetime.timedelta(hours=2),
                scheduled_end__gt=new_start - datetime.timedelta(hours=2),
            ).exists():
                break
            days += 1
        journey.goto(f"/admin/visit_requests/inspect/{other.pk}/")
        page.locator("#id_reschedule-date").fill(new_start.date().isoformat())
        page.locator("#id_reschedule-note").fill("Aula dipakai wisuda.")
        page.get_by_role("button", name=text["move"]).click()
        page.wait_for_load_state()
        assert f"{other.reference} {text['moved']}" in journey.main_text()

        # And a note for her colleagues only.
        page.locator("#id_internal-body").fill("Konfirmasi ulang jumlah peserta.")
        page.get_by_role("button", name=text["add_note"]).click()
        page.wait_for_load_state()
        assert text["note_saved"] in journey.main_text()
        assert "Konfirmasi ulang jumlah peserta." in journey.main_text()
        journey.step(f"visit moved, note added ({language})")
    finally:
        VisitAlertPreference.objects.filter(user__email=STAFF).delete()
        staff_admin_language("id")

    # The partner's updated invitation moves the event in their calendar app.
    updated = [ics for ics in _invitations_to(COORDINATOR) if other.ical_uid.encode() in ics][-1]
    before = icalendar.Calendar.from_ical(original).walk("VEVENT")[0]
    after = icalendar.Calendar.from_ical(updated).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(icalendar.Calendar.from_ical(updated)["METHOD"]) == "REQUEST"
    old_card = vobject.readOne(original.decode())
    new_card = vobject.readOne(updated.decode())
    assert new_card.vevent.uid.value == old_card.vevent.uid.value
    assert int(new_card.vevent.sequence.value) == int(old_card.vevent.sequence.value) + 1
    assert new_card.vevent.dtstart.value == new_start
