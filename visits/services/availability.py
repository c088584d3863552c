"""Visiting rules and availability of venues.

``slot_problems`` checks one wished-for time against a venue's rules
(closed days, opening hours, lead time, booking horizon, group size, length
of a visit, quota per institution and capacity, the set-up and clear-up
buffers included) and returns translated messages; ``free_times`` and
``free_days`` say where there is still room. Nothing here writes;
everything works in the venue's own time zone. The public month calendar is
built from these in ``visits.services.month_calendar``; the rules beyond
opening hours are in ``visits.services.venue_rules``.
"""

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from visits.display import display_format
from visits.models import ClosedDate, VisitRequest
from visits.services import venue_rules

# However far a venue's booking horizon reaches, and whoever enters the
# date, no visit is booked more than about three years ahead: calendars,
# feeds and reports then never meet a date like 9999-12-31.
HORIZON_DAYS = 3 * 365 + 1


def venue_zone(venue):
    return zoneinfo.ZoneInfo(venue.time_zone)


def venue_today(venue, *, now=None):
    return timezone.localtime(now or timezone.now(), venue_zone(venue)).date()


def booking_window(venue, *, now=None):
    """The first and last local dates a new request may ask for."""
    today = venue_today(venue, now=now)
    return (
        today + datetime.timedelta(days=venue.min_lead_days),
        today + datetime.timedelta(days=min(venue.max_ahead_days, HORIZON_DAYS)),
    )


def staff_window(venue, *, now=None):
    """The first and last local dates staff may schedule a visit on."""
    today = venue_today(venue, now=now)
    return today, today + datetime.timedelta(days=HORIZON_DAYS)


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


def _day_text(day):
    return date_format(day, display_format("day"))


def _days_text(days):
    return "; ".join(date_format(day, display_format("date")) for day in days)


def _hours_text(periods):
    time_format = display_format("time")
    return ", ".join(
        f"{date_format(opens, time_format)}–{date_format(closes, time_format)}"
        for opens, closes in periods
    )


def date_problem(*, venue, day, now=None, check_window=True):
    """Why nothing can be booked on the local date ``day`` at ``venue``, or None.

    Works on dates alone, so it is safe for any date a form accepts (year 1
    to 9999) and is checked before anything turns the date into a time:
    new requests stay within the venue's booking window, staff within
    ``HORIZON_DAYS`` from today; nobody books in the past.
    """
    today = venue_today(venue, now=now)
    first, last = booking_window(venue, now=now) if check_window else staff_window(venue, now=now)
    if day < today:
        if check_window:
            return _("%(day)s is in the past; the earliest date you can ask for is %(first)s.") % {
                "day": _day_text(day),
                "first": _day_text(first),
            }
        return _("%(day)s is in the past.") % {"day": _day_text(day)}
    if day < first:
        return _(
            "%(day)s is too soon: requests must reach us at least %(days)s days "
            "ahead, so the earliest date is %(first)s."
        ) % {"day": _day_text(day), "days": venue.min_lead_days, "first": _day_text(first)}
    if day > last:
        if check_window:
            return _("%(day)s is too far ahead: you can book until %(last)s.") % {
                "day": _day_text(day),
                "last": _day_text(last),
            }
        return _(
            "%(day)s is too far ahead: visits can be scheduled until %(last)s at the latest."
        ) % {
            "day": _day_text(day),
            "last": _day_text(last),
        }
    return None


def closed_reason(venue, day):
    """The reason ``day`` is closed at ``venue`` (may be empty), or None if it is not."""
    closed = ClosedDate.objects.for_venue(venue).filter(date=day).first()
    return None if closed is None else closed.reason


def slot_problems(
    *,
    venue,
    start,
    end,
    group_size=None,
    now=None,
    exclude_request=None,
    check_window=True,
    institution=None,
):
    """Translated messages on what keeps ``start``-``end`` from being booked; empty if nothing.

    Each message says why and, where it can, what is free instead: the
    opening hours of that day, the times still free on it, or the next days
    with room. ``check_window`` off replaces the booking window (lead time
    and horizon) with the staff window: staff may schedule at short notice,
    but not in the past nor more than ``HORIZON_DAYS`` ahead. With
    ``institution``, the venue's quota for it is checked too (the request
    ``exclude_request`` not counting against itself). A booked visit is in
    the way when its time with its buffers meets this one's with the
    venue's buffers.
    """
    zone = venue_zone(venue)
    now = now or timezone.now()
    if end <= start:
        return [_("The end of the visit must be after its start.")]
    try:
        local_start = timezone.localtime(start, zone)
        local_end = timezone.localtime(end, zone)
    except OverflowError:  # beyond year 9999 in the venue's zone
        return [_("There is no such date.")]
    day = local_start.date()
    problem = date_problem(venue=venue, day=day, now=now, check_window=check_window)
    if problem is not None:
        return [problem]
    day_text = _day_text(day)
    if start < now:
        return [_("%(day)s is in the past.") % {"day": day_text}]
    problems = []
    if group_size is not None and group_size > venue.max_group_size:
        problems.append(
            _("The group is too large: %(venue)s receives at most %(limit)s visitors at once.")
            % {"venue": venue.name, "limit": venue.max_group_size}
        )
    length_problem = venue_rules.duration_problem(venue, start, end)
    if length_problem:
        problems.append(length_problem)
    quota = quota_problem(
        venue=venue,
        institution=institution,
        day=day,
        now=now,
        exclude_request=exclude_request,
        check_window=check_window,
    )
    if quota:
        problems.append(quota)
    reason = closed_reason(venue, day)
    if reason is not None:
        if reason:
            message = _("%(venue)s is closed on %(day)s (%(reason)s).") % {
                "venue": venue.name,
                "day": day_text,
                "reason": reason,
            }
        else:
            message = _("%(venue)s is closed on %(day)s.") % {"venue": venue.name, "day": day_text}
        problems.append(_join(message, _free_days_hint(venue, day, now, check_window)))
        return problems
    periods = _opening_periods(venue, day)
    if not periods:
        message = _("%(venue)s receives no visits on %(weekday)s.") % {
            "venue": venue.name,
            "weekday": date_format(day, "l"),
        }
        problems.append(_join(message, _free_days_hint(venue, day, now, check_window)))
        return problems
    if local_end.date() != day or not any(
        opens <= local_start and local_end <= closes for opens, closes in periods
    ):
        problems.append(
            _("The visit must fit within the opening hours of %(day)s: %(hours)s.")
            % {"day": day_text, "hours": _hours_text(periods)}
        )
        return problems
    blocked_start, blocked_end = venue_rules.blocked_interval(venue, start, end)
    in_the_way = list(
        VisitRequest.objects.blocking(venue=venue, start=blocked_start, end=blocked_end)
        .exclude(pk=getattr(exclude_request, "pk", None))
        .values_list("scheduled_start", "scheduled_end")
    )
    if len(in_the_way) >= venue.concurrent_visits:
        message = _("This time is fully booked at %(venue)s. Please choose another time.") % {
            "venue": venue.name
        }
        met = sum(1 for begin, finish in in_the_way if begin < end and finish > start)
        if met < venue.concurrent_visits:  # only the buffers are in the way
            message = _join(
                message,
                _(
                    "%(venue)s keeps %(buffers)s each visit free to prepare and tidy up, "
                    "so visits cannot follow each other directly."
                )
                % {"venue": venue.name, "buffers": venue_rules.buffers_text(venue)},
            )
        free = free_times(
            venue=venue,
            day=day,
            periods=periods,
            length=end - start,
            exclude_request=exclude_request,
        )
        if free:
            hint = _("Still free on %(day)s: %(hours)s.") % {
                "day": day_text,
                "hours": _hours_text(free),
            }
        else:
            hint = _free_days_hint(venue, day, now, check_window)
        problems.append(_join(message, hint))
    return problems


def _join(message, hint):
    return f"{message} {hint}" if hint else message


def quota_problem(*, venue, institution, day, now=None, exclude_request=None, check_window=True):
    """Why ``institution`` may have no more visits at ``venue`` in the quota
    period of the local date ``day``, naming the quota and the next possible
    date (the first day with room from the next period that has some); or None."""
    overrun = venue_rules.quota_overrun(
        venue=venue, institution=institution, day=day, exclude_request=exclude_request
    )
    if overrun is None:
        return None
    days = free_days(
        venue=venue,
        after=overrun.next_start - datetime.timedelta(days=1),
        count=1,
        now=now,
        check_window=check_window,
    )
    return venue_rules.quota_message(venue, institution, overrun, days[0] if days else None)


def _free_days_hint(venue, day, now, check_window):
    days = free_days(venue=venue, after=day, now=now, check_window=check_window)
    if not days:
        return ""
    return _("Days with room: %(days)s.") % {"days": _days_text(days)}


def bookings_by_day(venue, first_day, last_day, *, exclude_request=None, buffered=False):
    """Local (start, end) of the visits booked at ``venue`` per local date, in one query.

    ``buffered``: instead of the visits' own times, the stretches in which
    no new visit at ``venue`` may run because of them, their buffers and
    the venue's included (a booked visit's blocked time widened by the
    venue's clear-up time before it and set-up time after it), under each
    local date they touch."""
    zone = venue_zone(venue)
    range_start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
    range_end = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    if not buffered:
        booked = VisitRequest.objects.overlapping(venue=venue, start=range_start, end=range_end)
    else:
        booked = VisitRequest.objects.blocking(
            venue=venue,
            start=range_start - venue.setup_time - venue.teardown_time,
            end=range_end + venue.setup_time + venue.teardown_time,
        )
    if exclude_request is not None:
        booked = booked.exclude(pk=exclude_request.pk)
    result = {}
    if not buffered:
        for start, end in booked.values_list("scheduled_start", "scheduled_end"):
            local_start, local_end = timezone.localtime(start, zone), timezone.localtime(end, zone)
            result.setdefault(local_start.date(), []).append((local_start, local_end))
        return result
    for blocked_start, blocked_end in booked.values_list("blocked_start", "blocked_end"):
        local_start = timezone.localtime(blocked_start - venue.teardown_time, zone)
        local_end = timezone.localtime(blocked_end + venue.setup_time, zone)
        day = local_start.date()
        while day <= local_end.date():
            result.setdefault(day, []).append((local_start, local_end))
            day += datetime.timedelta(days=1)
    return result


def free_times(*, venue, day, periods=None, length=None, exclude_request=None):
    """The stretches of ``day`` (local) with a free place long enough for ``length``.

    ``length`` defaults to the venue's usual visit length; one query. The
    buffers count: a stretch starts once the clear-up time of the visit
    before it and this visit's set-up time have passed.
    """
    periods = _opening_periods(venue, day) if periods is None else periods
    length = length or venue.default_duration
    bookings = bookings_by_day(venue, day, day, exclude_request=exclude_request, buffered=True).get(
        day, []
    )
    free = []
    for opens, closes in periods:
        points = sorted(
            {opens, closes}
            | {moment for booking in bookings for moment in booking if opens < moment < closes}
        )
        stretch_start = None
        for begin, finish in zip(points, points[1:], strict=False):
            taken = sum(1 for s, e in bookings if s < finish and e > begin)
            if taken < venue.concurrent_visits:
                stretch_start = begin if stretch_start is None else stretch_start
                stretch_end = finish
            elif stretch_start is not None:
                free.append((stretch_start, stretch_end))
                stretch_start = None
        if stretch_start is not None:
            free.append((stretch_start, stretch_end))
    return [(begin, finish) for begin, finish in free if finish - begin >= length]


def free_days(*, venue, after, count=3, now=None, check_window=True, search_days=62):
    """Up to ``count`` local dates after ``after`` with room for a visit of the usual length.

    Open, not closed, not full, within the window (booking window for
    partners, staff window otherwise); looks ``search_days`` ahead at most.
    Three queries: opening hours (unless prefetched), closed dates and bookings.
    """
    first, last = booking_window(venue, now=now) if check_window else staff_window(venue, now=now)
    begin = max(after + datetime.timedelta(days=1), first)
    end = min(begin + datetime.timedelta(days=search_days), last)
    if end < begin:
        return []
    closed = set(
        ClosedDate.objects.for_venue(venue)
        .filter(date__gte=begin, date__lte=end)
        .values_list("date", flat=True)
    )
    bookings = bookings_by_day(venue, begin, end, buffered=True)
    hours = list(venue.opening_hours.all())
    zone = venue_zone(venue)
    days, day = [], begin
    while day <= end and len(days) < count:
        periods = [
            (
                datetime.datetime.combine(day, item.opens, tzinfo=zone),
                datetime.datetime.combine(day, item.closes, tzinfo=zone),
            )
            for item in hours
            if item.weekday == day.weekday()
        ]
        if (
            periods
            and day not in closed
            and not day_is_full(venue, periods, sorted(bookings.get(day, [])))
        ):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _max_overlap(intervals, start, end):
    """The largest number of ``intervals`` running at once within [start, end)."""
    inside = [(s, e) for s, e in intervals if s < end and e > start]
    points = {start} | {s for s, _ in inside if s > start}
    return max((sum(1 for s, e in inside if s <= p < e) for p in points), default=0)


def day_is_full(venue, periods, bookings):
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
