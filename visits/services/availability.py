"""Visiting rules and availability of venues.

``slot_problems`` checks one wished-for time against a venue's rules
(closed days, opening hours, lead time, booking horizon, group size and
capacity) and returns translated messages; ``month_availability`` turns a
month into day statuses for the public calendar. Neither writes anything;
both work in the venue's own time zone. The public calendar only ever says
how full a day is, never who booked it.
"""

import calendar
import datetime
import enum
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visits.models import ClosedDate, VisitRequest


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


def venue_zone(venue):
    return zoneinfo.ZoneInfo(venue.time_zone)


def venue_today(venue, *, now=None):
    return timezone.localtime(now or timezone.now(), venue_zone(venue)).date()


def booking_window(venue, *, now=None):
    """The first and last local dates a new request may ask for."""
    today = venue_today(venue, now=now)
    return (
        today + datetime.timedelta(days=venue.min_lead_days),
        today + datetime.timedelta(days=venue.max_ahead_days),
    )


def _opening_periods(venue, day):
    """Opening periods of ``day`` as aware datetimes in the venue's zone."""
    zone = venue_zone(venue)
    return [
        (
            datetime.datetime.combine(day, hours.opens, tzinfo=zone),
            datetime.datetime.combine(day, hours.closes, tzinfo=zone),
        )
        for hours in venue.opening_hours.all()
        if hours.weekday == day.weekday()
    ]


def closed_reason(venue, day):
    """The reason ``day`` is closed at ``venue`` (may be empty), or None if it is not."""
    closed = ClosedDate.objects.for_venue(venue).filter(date=day).first()
    return None if closed is None else closed.reason


def slot_problems(
    *, venue, start, end, group_size=None, now=None, exclude_request=None, check_window=True
):
    """Translated messages on what keeps ``start``-``end`` from being booked; empty if nothing.

    ``check_window`` off skips lead time and horizon (staff may schedule at short notice).
    """
    zone = venue_zone(venue)
    now = now or timezone.now()
    problems = []
    if end <= start:
        return [_("The end of the visit must be after its start.")]
    local_start = timezone.localtime(start, zone)
    local_end = timezone.localtime(end, zone)
    day = local_start.date()
    day_text = date_format(day, "DATE_FORMAT")
    if start < now:
        return [_("%(day)s is in the past.") % {"day": day_text}]
    if group_size is not None and group_size > venue.max_group_size:
        problems.append(
            _("The group is too large: %(venue)s receives at most %(limit)s visitors at once.")
            % {"venue": venue.name, "limit": venue.max_group_size}
        )
    if check_window:
        first, last = booking_window(venue, now=now)
        if day < first:
            problems.append(
                _(
                    "%(day)s is too soon: requests must reach us at least %(days)s days "
                    "ahead, so the earliest date is %(first)s."
                )
                % {"day": day_text, "days": venue.min_lead_days, "first": date_format(first)}
            )
        elif day > last:
            problems.append(
                _("%(day)s is too far ahead: you can book until %(last)s.")
                % {"day": day_text, "last": date_format(last)}
            )
    reason = closed_reason(venue, day)
    if reason is not None:
        if reason:
            problems.append(
                _("%(venue)s is closed on %(day)s (%(reason)s).")
                % {"venue": venue.name, "day": day_text, "reason": reason}
            )
        else:
            problems.append(
                _("%(venue)s is closed on %(day)s.") % {"venue": venue.name, "day": day_text}
            )
        return problems
    periods = _opening_periods(venue, day)
    if not periods:
        problems.append(
            _("%(venue)s receives no visits on %(weekday)s.")
            % {"venue": venue.name, "weekday": date_format(day, "l")}
        )
        return problems
    if local_end.date() != day or not any(
        opens <= local_start and local_end <= closes for opens, closes in periods
    ):
        hours = ", ".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in periods)
        problems.append(
            _("The visit must fit within the opening hours of %(day)s: %(hours)s.")
            % {"day": day_text, "hours": hours}
        )
    overlapping = VisitRequest.objects.overlapping(venue=venue, start=start, end=end)
    if exclude_request is not None:
        overlapping = overlapping.exclude(pk=exclude_request.pk)
    if overlapping.count() >= venue.concurrent_visits:
        problems.append(
            _("This time is fully booked at %(venue)s. Please choose another time.")
            % {"venue": venue.name}
        )
    return problems


def _max_overlap(intervals, start, end):
    """The largest number of ``intervals`` running at once within [start, end)."""
    inside = [(s, e) for s, e in intervals if s < end and e > start]
    points = {start} | {s for s, _ in inside if s > start}
    return max((sum(1 for s, e in inside if s <= p < e) for p in points), default=0)


def _day_is_full(venue, periods, bookings):
    """True when no visit of the default length fits anywhere in the opening hours."""
    duration = venue.default_duration
    for opens, closes in periods:
        candidates = {opens} | {e for _, e in bookings if opens <= e < closes}
        for begin in sorted(candidates):
            finish = begin + duration
            if finish > closes:
                continue
            if _max_overlap(bookings, begin, finish) < venue.concurrent_visits:
                return False
    return True


def month_availability(*, venue, year, month, now=None):
    """The weeks of a month (Monday first) as lists of ``Day``, for the public calendar.

    Runs three queries whatever the month holds: opening hours, closed dates
    and the booked visits.
    """
    zone = venue_zone(venue)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first_day, last_day = weeks[0][0], weeks[-1][-1]
    window_first, window_last = booking_window(venue, now=now)
    hours = list(venue.opening_hours.all())
    closed = {
        closed.date: closed.reason
        for closed in ClosedDate.objects.for_venue(venue).filter(
            date__gte=first_day, date__lte=last_day
        )
    }
    range_start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
    range_end = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    bookings_by_day = {}
    for start, end in VisitRequest.objects.overlapping(
        venue=venue, start=range_start, end=range_end
    ).values_list("scheduled_start", "scheduled_end"):
        local_start, local_end = (
            timezone.localtime(start, zone),
            timezone.localtime(end, zone),
        )
        bookings_by_day.setdefault(local_start.date(), []).append((local_start, local_end))

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
            elif bookings and _day_is_full(venue, periods, bookings):
                entry.status = DayStatus.FULL
            elif day < window_first or day > window_last:
                entry.status = DayStatus.UNAVAILABLE
            elif bookings:
                entry.status = DayStatus.PARTLY_BOOKED
            row.append(entry)
        result.append(row)
    return result
