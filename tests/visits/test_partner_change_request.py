"""A partner asks for another time for a scheduled visit: new preferred
times and a reason; the request goes back to review with its history, the
staff are told, and a later schedule updates the same calendar event."""

import datetime
import re

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse

from tests.factories.visits import ScheduledVisitFactory, weekday_after, wib
from visits.choices import VisitState
from visits.services import submission, workflow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


@pytest.fixture
def scheduled(institution_a, member_a, venue, staff_user):
    visit = ScheduledVisitFactory(
        institution=institution_a, requester=member_a, venue=venue, host_staff=staff_user
    )
    visit.handled_by = staff_user
    visit.save()
    return visit


def _change_url(visit):
    return reverse("visits:request-change", args=[visit.pk])


def test_the_partner_asks_for_another_time_from_the_status_page(
    signed_in_a, scheduled, staff_user, django_capture_on_commit_callbacks
):
    detail = signed_in_a.get(scheduled.get_absolute_url()).text
    assert "Minta waktu lain" in detail
    form = signed_in_a.get(_change_url(scheduled)).text
    assert "Selasa, 22 Desember 2026, 09.00–11.00 WIB" in form  # the current time
    day = weekday_after(35)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_a.post(
            _change_url(scheduled),
            {
                "slot_1_date": day.isoformat(),
                "slot_1_start": "13:00",
                "slot_1_end": "15:00",
                "reason": "Bertepatan dengan akreditasi kampus.",
            },
            follow=True,
        )
    assert "kembali ditinjau" in response.text
    scheduled.refresh_from_db()
    assert scheduled.state == VisitState.UNDER_REVIEW
    assert scheduled.scheduled_start is None and scheduled.venue_place is None
    assert [(s.start, s.end) for s in scheduled.preferred_slots.all()] == [
        (wib(day, 13), wib(day, 15))
    ]
    states = list(scheduled.transitions.values_list("to_state", flat=True))
    assert states == [VisitState.SUBMITTED, VisitState.UNDER_REVIEW]  # history kept
    last = scheduled.transitions.last()
    assert last.note == "Bertepatan dengan akreditasi kampus."
    assert last.previous_start == wib(weekday_after(21), 9)
    # The partner's page shows it; the handler is told.
    assert "Bertepatan dengan akreditasi kampus." in response.text
    staff_mail = [m for m in mail.outbox if m.to == [staff_user.email]]
    assert len(staff_mail) == 1
    assert "meminta waktu lain" in staff_mail[0].subject
    assert "Bertepatan dengan akreditasi kampus." in staff_mail[0].body


def test_a_refused_time_keeps_what_the_partner_typed(signed_in_a, scheduled):
    closed_day = weekday_after(35, weekday=6)  # a Sunday: the venue is closed
    response = signed_in_a.post(
        _change_url(scheduled),
        {
            "slot_1_date": closed_day.isoformat(),
            "slot_1_start": "09:00",
            "slot_1_end": "11:00",
            "reason": "Alasan yang panjang dan penting.",
        },
    )
    assert response.status_code == 200
    assert "Alasan yang panjang dan penting." in response.text
    assert closed_day.isoformat() in response.text
    assert re.search(r"Waktu pilihan ke-1|1st preferred time|pilihan pertama", response.text, re.I)
    scheduled.refresh_from_db()
    assert scheduled.state == VisitState.SCHEDULED


def test_another_institution_cannot_ask(client, member_b, scheduled):
    client.force_login(member_b)
    assert client.get(_change_url(scheduled)).status_code == 404
    scheduled.refresh_from_db()
    assert scheduled.state == VisitState.SCHEDULED


def test_only_a_scheduled_visit_can_be_moved_by_the_partner(member_a, institution_a):
    from tests.factories.visits import VisitRequestFactory

    waiting = VisitRequestFactory(institution=institution_a, requester=member_a)
    day = weekday_after(35)
    with pytest.raises(workflow.TransitionError):
        submission.visit_request_ask_change(
            visit=waiting, actor=member_a, slots=[(wib(day, 9), wib(day, 11))], reason="x"
        )


def test_a_new_schedule_after_the_change_updates_the_same_event(
    scheduled, member_a, staff_user, venue, django_capture_on_commit_callbacks
):
    uid, sequence = scheduled.ical_uid, scheduled.sequence
    day = weekday_after(35)
    submission.visit_request_ask_change(
        visit=scheduled, actor=member_a, slots=[(wib(day, 13), wib(day, 15))], reason="Ujian."
    )
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_schedule(
            visit=scheduled, actor=staff_user, venue=venue, start=wib(day, 13), end=wib(day, 15)
        )
    message = next(m for m in mail.outbox if m.to == [member_a.email.lower()])
    [ics] = [content for name, content, _type in message.attachments if name.endswith(".ics")]
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, sequence + 1)
    parsed = vobject.readOne(ics.decode() if isinstance(ics, bytes) else ics)
    assert parsed.vevent.uid.value == uid
    assert int(parsed.vevent.sequence.value) == sequence + 1
    assert parsed.vevent.dtstart.value == wib(day, 13)
    assert datetime.timedelta(hours=2) == event.decoded("DTEND") - event.decoded("DTSTART")
