import datetime

import pytest
from django.utils import timezone

from tests.factories.visits import (
    ClosedDateFactory,
    ScheduledVisitFactory,
    VenueFactory,
    weekday_after,
    wib,
)
from visits.services.availability import DayStatus, month_availability, slot_problems

pytestmark = pytest.mark.django_db


def problems(venue, day, start_hour=9, end_hour=11, group_size=10):
    return [
        str(problem)
        for problem in slot_problems(
            venue=venue, start=wib(day, start_hour), end=wib(day, end_hour), group_size=group_size
        )
    ]


def test_a_slot_within_the_rules_has_no_problem(venue):
    assert problems(venue, weekday_after(21)) == []


def test_closed_day_is_refused_with_its_reason(venue):
    day = weekday_after(21)
    ClosedDateFactory(venue=None, date=day, reason="Hari raya")
    [message] = problems(venue, day)
    assert message.startswith("Open Library Telkom University")
    assert message.endswith("(Hari raya).")


def test_weekend_without_opening_hours_is_refused(venue):
    saturday = weekday_after(21, weekday=5)
    [message] = problems(venue, saturday)
    assert message.startswith("Open Library Telkom University")


def test_too_soon_is_refused(venue):
    day = weekday_after(3)
    [message] = problems(venue, day)
    assert "14" in message


def test_too_far_ahead_is_refused(venue):
    [message] = problems(venue, weekday_after(200))
    assert str(venue.max_ahead_days) not in message  # names the last date instead
    assert message


def test_group_too_large_is_refused(venue):
    [message] = problems(venue, weekday_after(21), group_size=41)
    assert "40" in message


def test_outside_opening_hours_is_refused(venue):
    [message] = problems(venue, weekday_after(21), start_hour=15, end_hour=17)
    assert "08:00–16:00" in message


def test_full_slot_is_refused_but_a_second_place_is_offered(venue):
    day = weekday_after(21)
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 9), scheduled_end=wib(day, 11))
    assert len(problems(venue, day, 10, 12)) == 1
    assert problems(venue, day, 11, 13) == []
    venue.concurrent_visits = 2
    venue.save()
    assert problems(venue, day, 10, 12) == []


def test_month_shows_open_partly_full_and_closed_days_without_names(venue):
    first = weekday_after(30, weekday=0)  # a Monday
    tuesday, wednesday = first + datetime.timedelta(days=1), first + datetime.timedelta(days=2)
    ClosedDateFactory(venue=venue, date=first, reason="Renovasi")
    ScheduledVisitFactory(
        venue=venue, scheduled_start=wib(tuesday, 9), scheduled_end=wib(tuesday, 11)
    )
    # Wednesday 08:00-16:00 filled by four two-hour visits.
    for hour in (8, 10, 12, 14):
        ScheduledVisitFactory(
            venue=venue,
            scheduled_start=wib(wednesday, hour),
            scheduled_end=wib(wednesday, hour + 2),
        )
    days = {
        day.date: day
        for week in month_availability(venue=venue, year=first.year, month=first.month)
        for day in week
    }
    if first.month != tuesday.month or first.month != wednesday.month:
        pytest.skip("the chosen week spans two months")
    assert days[first].status == DayStatus.CLOSED
    assert days[first].note == "Renovasi"
    assert days[tuesday].status == DayStatus.PARTLY_BOOKED
    assert days[tuesday].booked == [(datetime.time(9), datetime.time(11))]
    assert days[wednesday].status == DayStatus.FULL
    assert days[first + datetime.timedelta(days=3)].status == DayStatus.OPEN
    assert days[first + datetime.timedelta(days=5)].status == DayStatus.CLOSED  # Saturday


def test_month_marks_days_inside_the_lead_time_as_not_bookable():
    venue = VenueFactory()
    today = timezone.localdate()
    days = {
        day.date: day
        for week in month_availability(venue=venue, year=today.year, month=today.month)
        for day in week
    }
    weekday_today = today if today.weekday() < 5 else today + datetime.timedelta(days=2)
    if weekday_today in days:
        assert days[weekday_today].status == DayStatus.UNAVAILABLE


def test_month_costs_three_queries_however_many_visits(venue, django_assert_num_queries):
    day = weekday_after(30)
    for hour in (8, 12):
        ScheduledVisitFactory(
            venue=venue, scheduled_start=wib(day, hour), scheduled_end=wib(day, hour + 2)
        )
    with django_assert_num_queries(3):
        month_availability(venue=venue, year=day.year, month=day.month)
