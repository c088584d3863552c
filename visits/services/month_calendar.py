"""The public month calendar of a venue: each day's status (open, partly or
fully booked, closed, not bookable), in the venue's own time zone. It only
ever says how full a day is, never who booked it."""

import calendar
import datetime
import enum
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from visits.models import ClosedDate
from visits.services import availability


class DayStatus(enum.StrEnum):
    OPEN = "open"
    PARTLY_BOOKED = "partly"
    FULL = "full"
    CLOSED = "closed"
    UNAVAILABLE = "unavailable"  # in the past, too soon or beyond the booking horizon


DAY_STATUS_LABELS = {
    DayStatus.OPEN: gettext_lazy("Open"),
    DayStatus.PARTLY_BOOKED: gettext_lazy("Partly booked"),
    DayStatus.FULL: gettext_lazy("Fully booked"),
    DayStatus.CLOSED: gettext_lazy("Closed"),
    DayStatus.UNAVAILABLE: gettext_lazy("Not bookable"),
}


@dataclass
class Day:
    date: datetime.date
    status: DayStatus
    in_month: bool = True
    booked: list[tuple[datetime.time, datetime.time]] = field(default_factory=list)
    note: str = ""

    @property
    def label(self):
        return DAY_STATUS_LABELS[self.status]


def month_availability(*, venue, year, month, now=None):
    """The weeks of a month (Monday first) as lists of ``Day``, for the public calendar.

    Runs three queries whatever the month holds: opening hours, closed dates
    and the booked visits.
    """
    zone = availability.venue_zone(venue)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first_day, last_day = weeks[0][0], weeks[-1][-1]
    window_first, window_last = availability.booking_window(venue, now=now)
    hours = list(venue.opening_hours.all())
    closed = {
        closed.date: closed.reason
        for closed in ClosedDate.objects.for_venue(venue).filter(
            date__gte=first_day, date__lte=last_day
        )
    }
    bookings_by_day = availability.bookings_by_day(venue, first_day, last_day)
    # Whether a day is full counts the set-up and clear-up buffers too.
    blocked_by_day = (
        availability.bookings_by_day(venue, first_day, last_day, buffered=True)
        if venue.has_buffers
        else bookings_by_day
    )

    result = []
    for week in weeks:
        row = []
        for day in week:
            periods = [
                (
                    datetime.datetime.combine(day, item.opens, tzinfo=zone),
                    datetime.datetime.combine(day, item.closes, tzinfo=zone),
                )
                for item in hours
                if item.weekday == day.weekday()
            ]
            bookings = sorted(bookings_by_day.get(day, []))
            entry = Day(date=day, status=DayStatus.OPEN, in_month=day.month == month)
            entry.booked = [(s.time(), e.time()) for s, e in bookings]
            if day in closed:
                entry.status, entry.note, entry.booked = DayStatus.CLOSED, closed[day], []
            elif not periods:
                entry.status, entry.booked = DayStatus.CLOSED, []
            elif bookings and availability.day_is_full(
                venue, periods, sorted(blocked_by_day.get(day, []))
            ):
                entry.status = DayStatus.FULL
            elif day < window_first or day > window_last:
                entry.status = DayStatus.UNAVAILABLE
            elif bookings:
                entry.status = DayStatus.PARTLY_BOOKED
            row.append(entry)
        result.append(row)
    return result
