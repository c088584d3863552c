"""Set-up and clear-up buffers: a booked visit blocks its time with the
venue's buffers; a visit whose time with buffers meets it is refused, by
the services (naming the visit in the way) and, on PostgreSQL, by the
exclusion constraint even when the services' check is bypassed."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories.visits import (
    ScheduledVisitFactory,
    VenueFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from visits.choices import VisitState
from visits.services import availability, workflow

pytestmark = pytest.mark.django_db

MINUTES = datetime.timedelta(minutes=1)


@pytest.fixture
def buffered():
    """Open 08:00-16:00 WIB; 30 minutes to set up before a visit, 15 to clear up after."""
    return VenueFactory(name="Ruang Diskusi", setup_minutes=30, teardown_minutes=15)


@pytest.fixture
def day():
    return weekday_after(21)


@pytest.fixture
def booked(buffered, day):
    return ScheduledVisitFactory(
        venue=buffered,
        scheduled_start=wib(day, 9),
        scheduled_end=wib(day, 11),
        institution__name="Perpustakaan Kota Lain",
    )


def test_a_booked_visit_blocks_its_time_with_the_venues_buffers(buffered, booked):
    assert (booked.setup_minutes, booked.teardown_minutes) == (30, 15)
    assert booked.blocked_start == booked.scheduled_start - 30 * MINUTES
    assert booked.blocked_end == booked.scheduled_end + 15 * MINUTES
    # A later change of the venue's buffers applies to new bookings, not to
    # this one, even when it is saved again.
    buffered.setup_minutes = 60
    buffered.save()
    booked.contact_phone = "+62 22 000"
    booked.save()
    booked.refresh_from_db()
    assert booked.blocked_start == booked.scheduled_start - 30 * MINUTES


def test_staff_cannot_schedule_into_the_buffer_and_are_told_which_visit(
    buffered, booked, day, staff_user
):
    visit = VisitRequestFactory()
    # 11:30 is clear of the visit itself (09:00-11:00) but not of its 15
    # minutes of clear-up plus this visit's 30 minutes of set-up.
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_schedule(
            visit=visit, actor=staff_user, venue=buffered, start=wib(day, 11, 30), end=wib(day, 13)
        )
    message = refused.value.message
    assert booked.reference in message
    assert "Perpustakaan Kota Lain" in message
    assert "termasuk waktu persiapan dan beres-beres" in message
    assert "30 menit sebelum dan 15 menit sesudah" in message
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED

    # From 11:45 both buffers fit.
    workflow.visit_request_schedule(
        visit=visit, actor=staff_user, venue=buffered, start=wib(day, 11, 45), end=wib(day, 13)
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.SCHEDULED
    assert visit.blocked_start == booked.blocked_end


def test_a_visit_overlapping_the_visit_itself_gets_the_plain_message(
    buffered, booked, day, staff_user
):
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_schedule(
            visit=VisitRequestFactory(),
            actor=staff_user,
            venue=buffered,
            start=wib(day, 10),
            end=wib(day, 12),
        )
    assert booked.reference in refused.value.message
    assert "termasuk waktu persiapan" not in refused.value.message


def test_a_visit_before_needs_its_clear_up_and_the_next_ones_set_up(
    buffered, booked, day, staff_user
):
    # Ending at 08:30 leaves no room for this visit's clear-up before the
    # booked visit's set-up (from 08:30).
    with pytest.raises(workflow.SlotUnavailable):
        workflow.visit_request_schedule(
            visit=VisitRequestFactory(),
            actor=staff_user,
            venue=buffered,
            start=wib(day, 7, 30),
            end=wib(day, 8, 30),
        )


def test_moving_a_visit_into_the_buffer_is_refused(buffered, booked, day, staff_user):
    other_day = weekday_after(28)
    moving = ScheduledVisitFactory(
        venue=buffered, scheduled_start=wib(other_day, 9), scheduled_end=wib(other_day, 11)
    )
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_reschedule(
            visit=moving,
            actor=staff_user,
            start=wib(day, 11, 15),
            end=wib(day, 12, 15),
            reason="Narasumber berhalangan.",
        )
    assert booked.reference in refused.value.message
    moving.refresh_from_db()
    assert moving.scheduled_start == wib(other_day, 9)


def test_the_partner_is_told_about_the_buffers_without_the_other_visit(buffered, booked, day):
    problems = availability.slot_problems(venue=buffered, start=wib(day, 11, 30), end=wib(day, 13))
    assert len(problems) == 1
    assert "sudah penuh" in problems[0]
    assert "30 menit sebelum dan 15 menit sesudah" in problems[0]
    assert booked.reference not in problems[0]
    assert "Perpustakaan Kota Lain" not in problems[0]
    assert (
        availability.slot_problems(venue=buffered, start=wib(day, 11, 45), end=wib(day, 13)) == []
    )


def test_free_times_start_after_the_buffers(buffered, booked, day):
    free = availability.free_times(venue=buffered, day=day, length=datetime.timedelta(hours=1))
    # Before: 08:00-08:15 is too short for an hour; after: from 11:45.
    assert free == [(wib(day, 11, 45), wib(day, 16))]


def test_a_day_the_buffers_fill_is_full(day):
    venue = VenueFactory(setup_minutes=60, teardown_minutes=60)  # visits of 2 hours
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 10), scheduled_end=wib(day, 12))
    # Free before: nothing (10:00 - 60 - 60 = 08:00); after: 14:00-16:00 fits 2 hours.
    assert availability.free_days(venue=venue, after=day - datetime.timedelta(days=1), count=1) == [
        day
    ]
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 14), scheduled_end=wib(day, 16))
    assert day not in availability.free_days(
        venue=venue, after=day - datetime.timedelta(days=1), count=1
    )


@pytest.mark.postgres
def test_the_database_refuses_two_visits_whose_buffers_overlap(buffered, booked, day):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledVisitFactory(
            venue=buffered, scheduled_start=wib(day, 11, 30), scheduled_end=wib(day, 13)
        )
    ScheduledVisitFactory(
        venue=buffered, scheduled_start=wib(day, 11, 45), scheduled_end=wib(day, 13)
    )


@pytest.mark.postgres
def test_with_the_check_bypassed_the_constraint_refuses_and_names_the_visit(
    buffered, booked, day, staff_user, monkeypatch
):
    monkeypatch.setattr(workflow, "_free_place", lambda **kwargs: 1)
    visit = VisitRequestFactory()
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_schedule(
            visit=visit, actor=staff_user, venue=buffered, start=wib(day, 11, 30), end=wib(day, 13)
        )
    assert booked.reference in refused.value.message
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED
