"""Moving a scheduled visit: a new time and a reason, one entry of its
history, and an updated invitation (same UID, SEQUENCE + 1, METHOD:REQUEST)
for the partner and the host that icalendar and vobject both read."""

import re

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse

from tests.factories.visits import ScheduledVisitFactory, weekday_after, wib
from visits.choices import VisitState
from visits.models import TransitionKind
from visits.services import workflow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


@pytest.fixture
def scheduled(institution_a, member_a, venue, staff_user):
    return ScheduledVisitFactory(
        institution=institution_a, requester=member_a, venue=venue, host_staff=staff_user
    )


def _invitations():
    return {
        message.to[0]: [
            content for name, content, _type in message.attachments if name.endswith(".ics")
        ]
        for message in mail.outbox
    }


def test_a_move_updates_the_invitation_of_partner_and_host(
    scheduled, staff_user, member_a, django_capture_on_commit_callbacks
):
    uid, sequence = scheduled.ical_uid, scheduled.sequence
    day = weekday_after(28)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_reschedule(
            visit=scheduled,
            actor=staff_user,
            start=wib(day, 13),
            end=wib(day, 15),
            reason="Ruang diskusi dipakai rapat senat.",
        )
    scheduled.refresh_from_db()
    assert scheduled.state == VisitState.SCHEDULED
    assert scheduled.scheduled_start == wib(day, 13)
    assert scheduled.sequence == sequence + 1

    move = scheduled.transitions.get(kind=TransitionKind.RESCHEDULED)
    assert move.note == "Ruang diskusi dipakai rapat senat."
    assert move.previous_start == wib(weekday_after(21), 9)
    assert scheduled.transitions.count() == 2  # the submission kept, one move added

    invitations = _invitations()
    assert set(invitations) == {member_a.email.lower(), scheduled.contact_email, staff_user.email}
    for [ics] in invitations.values():
        calendar = icalendar.Calendar.from_ical(ics)
        assert calendar["METHOD"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == uid
        assert int(event["SEQUENCE"]) == sequence + 1
        assert event.decoded("DTSTART") == wib(day, 13)

        parsed = vobject.readOne(ics.decode() if isinstance(ics, bytes) else ics)
        assert parsed.method.value == "REQUEST"
        assert parsed.vevent.uid.value == uid
        assert int(parsed.vevent.sequence.value) == sequence + 1
        assert parsed.vevent.dtstart.value == wib(day, 13)
    partner_mail = next(m for m in mail.outbox if m.to == [member_a.email.lower()])
    assert "dipindahkan" in partner_mail.subject
    assert "Ruang diskusi dipakai rapat senat." in partner_mail.body


def test_an_overlapping_time_is_refused_naming_the_visit(scheduled, staff_user, venue):
    other = ScheduledVisitFactory(
        venue=venue,
        scheduled_start=wib(weekday_after(28), 9),
        scheduled_end=wib(weekday_after(28), 11),
    )
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_reschedule(
            visit=scheduled,
            actor=staff_user,
            start=wib(weekday_after(28), 10),
            end=wib(weekday_after(28), 12),
            reason="Permintaan mitra.",
        )
    assert other.reference in refused.value.message
    assert other.institution.display_name in refused.value.message
    scheduled.refresh_from_db()
    assert scheduled.scheduled_start == wib(weekday_after(21), 9)
    assert scheduled.transitions.count() == 1


def test_a_move_needs_a_reason_and_a_scheduled_visit(scheduled, staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        workflow.visit_request_reschedule(
            visit=scheduled,
            actor=staff_user,
            start=wib(weekday_after(28), 9),
            end=wib(weekday_after(28), 11),
            reason="  ",
        )
    scheduled.state = VisitState.CANCELLED
    scheduled.save()
    with pytest.raises(workflow.TransitionError):
        workflow.visit_request_reschedule(
            visit=scheduled,
            actor=staff_user,
            start=wib(weekday_after(28), 9),
            end=wib(weekday_after(28), 11),
            reason="Alasan",
        )


def test_a_partner_cannot_move_a_visit(scheduled, member_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        workflow.visit_request_reschedule(
            visit=scheduled,
            actor=member_a,
            start=wib(weekday_after(28), 9),
            end=wib(weekday_after(28), 11),
            reason="Alasan",
        )


def _seen(page, prefix):
    return re.search(rf'name="{prefix}-seen" value="([^"]+)"', page).group(1)


def test_staff_move_a_visit_from_its_page(
    client, staff_user, scheduled, venue, member_a, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    url = reverse("visit_requests:inspect", args=[scheduled.pk])
    page = client.get(url).text
    assert "Pindahkan kunjungan" in page
    day = weekday_after(35)
    data = {
        "reschedule-seen": _seen(page, "reschedule"),
        "reschedule-venue": venue.pk,
        "reschedule-date": day.isoformat(),
        "reschedule-start": "13:00",
        "reschedule-end": "15:00",
        "reschedule-note": "Narasumber berhalangan.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("visit_requests:action", args=[scheduled.pk, "reschedule"]), data, follow=True
        )
    assert "dipindahkan ke" in response.text
    assert "Dipindahkan" in response.text  # the history entry
    scheduled.refresh_from_db()
    assert scheduled.scheduled_start == wib(day, 13)

    # The partner's status page shows the move with its reason.
    client.force_login(member_a)
    detail = client.get(reverse("visits:request-detail", args=[scheduled.pk])).text
    assert "Dipindahkan" in detail
    assert "Narasumber berhalangan." in detail


def test_a_move_without_a_reason_keeps_what_was_typed(client, staff_user, scheduled, venue):
    client.force_login(staff_user)
    page = client.get(reverse("visit_requests:inspect", args=[scheduled.pk])).text
    response = client.post(
        reverse("visit_requests:action", args=[scheduled.pk, "reschedule"]),
        {
            "reschedule-seen": _seen(page, "reschedule"),
            "reschedule-venue": venue.pk,
            "reschedule-date": weekday_after(35).isoformat(),
            "reschedule-start": "13:00",
            "reschedule-end": "15:00",
            "reschedule-note": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Sebutkan alasan kunjungan dipindahkan." in response.text
    scheduled.refresh_from_db()
    assert scheduled.scheduled_start == wib(weekday_after(21), 9)
    assert scheduled.sequence == 1


def test_the_first_schedule_names_a_conflicting_visit_too(staff_user, venue):
    from tests.factories.visits import VisitRequestFactory

    booked = ScheduledVisitFactory(venue=venue)
    waiting = VisitRequestFactory(venue=venue)
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_schedule(
            visit=waiting,
            actor=staff_user,
            venue=venue,
            start=booked.scheduled_start,
            end=booked.scheduled_end,
        )
    assert booked.reference in refused.value.message
