import datetime

import icalendar
import pytest
import vobject
from django.core import mail

from tests.factories.visits import WIB, VisitRequestFactory, weekday_after, wib
from visits.services import workflow

pytestmark = pytest.mark.django_db


def calendar_attachment(message):
    [(name, content, mimetype)] = message.attachments
    return name, content if isinstance(content, bytes) else content.encode(), mimetype


@pytest.fixture
def scheduled(institution_a, member_a, staff_user, venue, django_capture_on_commit_callbacks):
    member_a.preferred_language = "en"
    member_a.save()
    visit = VisitRequestFactory(
        institution=institution_a, requester=member_a, contact_email=member_a.email
    )
    day = weekday_after(21)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_schedule(
            visit=visit,
            actor=staff_user,
            venue=venue,
            start=wib(day, 9),
            end=wib(day, 11, 30),
            host_staff=staff_user,
        )
    visit.refresh_from_db()
    return visit


def test_scheduling_sends_an_invitation_in_the_venue_time_zone(scheduled, member_a, staff_user):
    # The partner's message (the host gets one of their own).
    [message] = [message for message in mail.outbox if message.to == [member_a.email]]
    assert message.subject == f"Study visit {scheduled.reference}: Scheduled"
    day = scheduled.scheduled_start.astimezone(WIB).date()
    assert f"When: {day:%A} {day.day} {day:%B %Y}, 09:00–11:30 WIB\n" in message.body
    name, content, mimetype = calendar_attachment(message)
    assert (name, mimetype) == ("undangan.ics", "text/calendar; method=REQUEST")

    parsed = icalendar.Calendar.from_ical(content)
    assert parsed["METHOD"] == "REQUEST"
    [event] = parsed.walk("VEVENT")
    assert str(event["UID"]) == scheduled.ical_uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == wib(scheduled.scheduled_start.date(), 9)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    assert b"DTSTART;TZID=Asia/Jakarta:" in content
    assert str(event["ORGANIZER"]) == f"mailto:{staff_user.email}"

    # An independent parser reads the same invitation.
    card = vobject.readOne(content.decode())
    assert card.method.value == "REQUEST"
    vevent = card.vevent
    assert vevent.uid.value == scheduled.ical_uid
    assert vevent.dtstart.value.utcoffset() == datetime.timedelta(hours=7)
    assert vevent.dtend.value.hour == 11 and vevent.dtend.value.minute == 30
    assert vevent.organizer.value == f"mailto:{staff_user.email}"
    # The partner, and the host staff member, who attends the visit too.
    assert [a.value for a in vevent.attendee_list] == [
        f"mailto:{member_a.email}",
        f"mailto:{staff_user.email}",
    ]
    assert vevent.attendee.params["ROLE"] == ["REQ-PARTICIPANT"]


def test_cancelling_sends_method_cancel_with_the_same_uid_and_a_higher_sequence(
    scheduled, member_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_cancel(visit=scheduled, actor=member_a, reason="Sakit.")
    # The partner's copy (staff are alerted separately).
    [message] = [m for m in mail.outbox if m.to == [member_a.email]]
    name, content, mimetype = calendar_attachment(message)
    assert mimetype == "text/calendar; method=CANCEL"
    card = vobject.readOne(content.decode())
    assert card.method.value == "CANCEL"
    assert card.vevent.uid.value == scheduled.ical_uid
    assert int(card.vevent.sequence.value) == 2
    assert card.vevent.status.value == "CANCELLED"
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["SEQUENCE"] == 2


def test_staff_e_mail_about_a_new_request_is_in_the_staff_member_language(
    staff_user, institution_a, member_a, django_capture_on_commit_callbacks
):
    staff_user.preferred_language = "id"
    staff_user.save()
    from tests.visits.test_workflow import submit

    with django_capture_on_commit_callbacks(execute=True):
        visit, _ = submit(institution_a, member_a)
    [message] = [m for m in mail.outbox if m.to == [staff_user.email]]
    assert message.subject == (
        f"Permohonan studi banding baru {visit.reference} dari Poltekes Banjarmasin"
    )
    assert f"/admin/visit_requests/inspect/{visit.pk}/" in message.body


def test_subject_never_carries_a_line_break(
    staff_user, institution_a, member_a, django_capture_on_commit_callbacks
):
    from tests.visits.test_workflow import submit

    institution_a.short_name = "Poltekes\nBcc: x@y.z"
    institution_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        visit, _ = submit(institution_a, member_a)
    [message] = [m for m in mail.outbox if m.to == [staff_user.email]]
    assert message.subject == (
        f"Permohonan studi banding baru {visit.reference} dari Poltekes Bcc: x@y.z"
    )


def test_the_reminder_carries_the_invitation_again(scheduled, member_a, staff_user):
    from visits.emails import reminder_to_partner

    mail.outbox.clear()
    reminder_to_partner(scheduled.pk)
    [message] = mail.outbox
    assert message.to == [member_a.email]
    name, content, mimetype = calendar_attachment(message)
    assert (name, mimetype) == ("undangan.ics", "text/calendar; method=REQUEST")
    card = vobject.readOne(content.decode())
    # The same event as the scheduling invitation: same UID, same SEQUENCE.
    assert card.vevent.uid.value == scheduled.ical_uid
    assert card.vevent.sequence.value == str(scheduled.sequence)
    assert f"mailto:{staff_user.email}" in [a.value for a in card.vevent.attendee_list]
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("DTSTART") == scheduled.scheduled_start
