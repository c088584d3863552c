import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories.visits import (
    WIB,
    ClosedDateFactory,
    ScheduledVisitFactory,
    VenueFactory,
    weekday_after,
    wib,
)
from visits.services.availability import HORIZON_DAYS, free_days, slot_problems
from visits.services.month_calendar import DayStatus, month_availability

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def day_text(day):
    return date_format(day, "j F Y")


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
    assert "(Hari raya)." in message


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
    assert "08.00–16.00" in message


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
    # Frozen on Tuesday 1 December 2026: the week is Monday 4 - Saturday 9 January 2027.
    assert first.month == tuesday.month == wednesday.month
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
    assert today.weekday() == 1  # frozen on a Tuesday, a day the venue opens
    assert days[today].status == DayStatus.UNAVAILABLE
    assert days[today + datetime.timedelta(days=1)].status == DayStatus.UNAVAILABLE


def test_month_costs_three_queries_however_many_visits(venue, django_assert_num_queries):
    day = weekday_after(30)
    for hour in (8, 12):
        ScheduledVisitFactory(
            venue=venue, scheduled_start=wib(day, hour), scheduled_end=wib(day, hour + 2)
        )
    with django_assert_num_queries(3):
        month_availability(venue=venue, year=day.year, month=day.month)


def long_date(day):
    return date_format(day, "l, j F Y")


def test_a_closed_day_names_the_next_days_with_room(venue):
    monday = weekday_after(28, weekday=0)
    ClosedDateFactory(venue=None, date=monday, reason="Cuti bersama")
    tuesday = monday + datetime.timedelta(days=1)
    for hour in (8, 10, 12, 14):  # Tuesday is full
        ScheduledVisitFactory(
            venue=venue, scheduled_start=wib(tuesday, hour), scheduled_end=wib(tuesday, hour + 2)
        )
    [message] = problems(venue, monday)
    following = [monday + datetime.timedelta(days=n) for n in (2, 3, 4)]
    assert message == (
        f"Open Library Telkom University tutup pada {day_text(monday)} (Cuti bersama). "
        f"Hari yang masih tersedia: {'; '.join(long_date(day) for day in following)}."
    )


def test_a_weekend_day_names_the_next_open_days(venue):
    saturday = weekday_after(21, weekday=5)
    monday = saturday + datetime.timedelta(days=2)
    [message] = problems(venue, saturday)
    assert message.startswith(
        "Open Library Telkom University tidak menerima kunjungan pada hari Sabtu. "
        f"Hari yang masih tersedia: {long_date(monday)}; "
    )


def test_a_full_time_names_what_is_still_free_that_day(venue):
    day = weekday_after(21)
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 9), scheduled_end=wib(day, 11))
    [message] = problems(venue, day, 10, 12)
    assert message == (
        "Waktu ini sudah penuh di Open Library Telkom University. Silakan pilih waktu lain. "
        f"Yang masih kosong pada {day_text(day)}: 11.00–16.00."
    )


def test_a_full_day_names_the_next_days_with_room(venue):
    day = weekday_after(21, weekday=2)  # a Wednesday
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 8), scheduled_end=wib(day, 15))
    [message] = problems(venue, day, 9, 11)
    thursday = day + datetime.timedelta(days=1)
    assert "Yang masih kosong" not in message
    assert f"Hari yang masih tersedia: {long_date(thursday)}; " in message


def test_a_day_in_the_past_names_the_earliest_date(venue):
    [message] = problems(venue, datetime.date(2001, 1, 2))
    first = timezone.localdate() + datetime.timedelta(days=venue.min_lead_days)
    assert message == (
        f"{day_text(datetime.date(2001, 1, 2))} sudah lewat; tanggal paling awal "
        f"yang dapat Anda ajukan adalah {day_text(first)}."
    )


def test_no_venue_horizon_reaches_beyond_three_years():
    venue = VenueFactory(max_ahead_days=30000)
    far = weekday_after(4 * 365)
    [message] = problems(venue, far)
    assert "terlalu jauh" in message
    assert problems(venue, weekday_after(2 * 365)) == []


@pytest.mark.parametrize(
    "day", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1), weekday_after(HORIZON_DAYS + 1)]
)
def test_staff_cannot_schedule_in_the_past_or_years_ahead(venue, day):
    start = datetime.datetime.combine(day, datetime.time(23), tzinfo=WIB)
    [message] = slot_problems(
        venue=venue, start=start, end=start + datetime.timedelta(minutes=30), check_window=False
    )
    assert message.startswith(day_text(day))
    assert "sudah lewat" in message or "paling lambat sampai" in message


def test_staff_may_schedule_at_short_notice(venue):
    day = weekday_after(2)
    assert slot_problems(venue=venue, start=wib(day, 9), end=wib(day, 11), check_window=False) == []


def test_free_days_cost_three_queries(venue, django_assert_num_queries):
    day = weekday_after(21)
    for hour in (8, 12):
        ScheduledVisitFactory(
            venue=venue, scheduled_start=wib(day, hour), scheduled_end=wib(day, hour + 2)
        )
    with django_assert_num_queries(3):
        assert len(free_days(venue=venue, after=day)) == 3
