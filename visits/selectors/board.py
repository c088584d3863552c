"""Reads for the staff's scheduling board (``visits.admin.board``); the
free/busy state of a request's preferred times is ``visits.admin.slot_statuses``.

The board shows, day by day and in each venue's own time zone, the visits
that hold a venue (scheduled, held, reported), the requests still waiting for
a decision as tentative holds on their preferred times, the closed days and
the opening hours. ``board_venues`` (two queries) and ``board_days`` (three)
read all of it, however many visits the period holds.
"""

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from visits.choices import BOOKED_STATES, VisitState
from visits.models import ClosedDate, OpeningHours, PreferredSlot, Venue, VisitRequest

# Requests whose preferred times the board shows as tentative holds: waiting
# for the host's decision (a request sent back to the partner holds nothing).
HOLD_STATES = (VisitState.SUBMITTED, VisitState.UNDER_REVIEW)

MONTH, WEEK = "month", "week"


@dataclass
class BoardEntry:
    """A visit (``tentative`` False) or a preferred time of a request under
    review (``tentative`` True, ``choice`` its order of preference), with its
    start and end in the venue's zone."""

    visit: VisitRequest
    start: datetime.datetime
    end: datetime.datetime
    tentative: bool = False
    choice: int | None = None

    @property
    def venue(self):
        return self.visit.venue


@dataclass
class VenueDay:
    """One venue's opening hours (local times) on a day, or its closure:
    ``closed_date`` when a closed date says so (with its ``reason``), else
    closed for want of opening hours that weekday."""

    venue: Venue
    hours: list = field(default_factory=list)
    closed: bool = False
    closed_date: bool = False
    reason: str = ""


@dataclass
class BoardDay:
    date: datetime.date
    in_period: bool = True
    is_today: bool = False
    venues: list = field(default_factory=list)
    entries: list = field(default_factory=list)

    @property
    def closures(self):
        return [venue_day for venue_day in self.venues if venue_day.closed]

    @property
    def has_closed_date(self):
        return any(venue_day.closed_date for venue_day in self.venues)

    @property
    def is_closed(self):
        return bool(self.venues) and all(venue_day.closed for venue_day in self.venues)


def board_venues(venue=None):
    """The venues a board shows (one, or all active ones), with their opening hours."""
    venues = Venue.objects.prefetch_related(
        Prefetch("opening_hours", OpeningHours.objects.order_by("weekday", "opens"))
    )
    if venue is not None:
        return list(venues.filter(pk=venue.pk))
    return list(venues.active())


def board_venue_choices():
    """Every venue, for the board's venue menu (inactive ones keep their past visits)."""
    return list(Venue.objects.order_by("-is_active", "name").only("pk", "name", "time_zone"))


def board_venue(pk):
    """The venue ``pk`` names, or None."""
    return Venue.objects.filter(pk=pk).first()


def board_period(view, day):
    """The days a board shows: the weeks (Monday first) around ``day``'s month,
    or the week of ``day``; with the first and last day of the period itself."""
    if view == WEEK:
        first = day - datetime.timedelta(days=day.weekday())
        days = [first + datetime.timedelta(days=n) for n in range(7)]
        return days, days[0], days[-1]
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)
    days = [date for week in weeks for date in week]
    last = datetime.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return days, day.replace(day=1), last


def _zone(venue):
    return zoneinfo.ZoneInfo(venue.time_zone if venue else settings.TIME_ZONE)


def board_days(*, venues, days, period_first, period_last, include_unplaced=False, today=None):
    """A ``BoardDay`` for each of ``days`` (consecutive dates) at ``venues``.

    ``include_unplaced`` adds the holds of requests that name no venue yet
    (shown in the portal's zone). Three queries whatever the period holds:
    closed dates, booked visits and held preferred times (the venues and
    their opening hours come with ``venues``, from ``board_venues``).
    """
    today = today or timezone.localdate()
    first, last = days[0], days[-1]
    # Wide enough for every zone of the country (UTC+7 to UTC+9) and beyond;
    # each entry is then placed on its local date in its venue's zone.
    range_start = datetime.datetime.combine(
        first - datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
    )
    range_end = datetime.datetime.combine(
        last + datetime.timedelta(days=2), datetime.time.min, tzinfo=datetime.UTC
    )
    by_date = {
        day: BoardDay(date=day, in_period=period_first <= day <= period_last, is_today=day == today)
        for day in days
    }

    closed = {}
    for closure in ClosedDate.objects.filter(
        Q(venue__in=venues) | Q(venue__isnull=True), date__gte=first, date__lte=last
    ):
        closed[(closure.venue_id, closure.date)] = closure.reason
    for day in days:
        board_day = by_date[day]
        for venue in venues:
            # A venue's own closure says more than a holiday of every venue.
            reason = closed.get((venue.pk, day), closed.get((None, day)))
            if reason is not None:
                board_day.venues.append(
                    VenueDay(venue=venue, closed=True, closed_date=True, reason=reason)
                )
                continue
            hours = [
                (item.opens, item.closes)
                for item in venue.opening_hours.all()
                if item.weekday == day.weekday()
            ]
            board_day.venues.append(VenueDay(venue=venue, hours=hours, closed=not hours))

    visits = (
        VisitRequest.objects.filter(
            state__in=BOOKED_STATES,
            venue__in=venues,
            scheduled_start__lt=range_end,
            scheduled_end__gt=range_start,
        )
        .select_related("institution", "venue")
        .order_by("scheduled_start", "pk")
    )
    for visit in visits:
        _place(
            by_date, BoardEntry(visit=visit, start=visit.scheduled_start, end=visit.scheduled_end)
        )

    where = Q(request__venue__in=venues)
    if include_unplaced:
        where |= Q(request__venue__isnull=True)
    slots = (
        PreferredSlot.objects.filter(
            where,
            request__state__in=HOLD_STATES,
            start__lt=range_end,
            end__gt=range_start,
        )
        .select_related("request__institution", "request__venue")
        .order_by("start", "position", "pk")
    )
    for slot in slots:
        _place(
            by_date,
            BoardEntry(
                visit=slot.request,
                start=slot.start,
                end=slot.end,
                tentative=True,
                choice=slot.position,
            ),
        )
    for board_day in by_date.values():
        board_day.entries.sort(key=lambda entry: (entry.start, entry.tentative, entry.visit.pk))
    return [by_date[day] for day in days]


def _place(by_date, entry):
    zone = _zone(entry.venue)
    entry.start = timezone.localtime(entry.start, zone)
    entry.end = timezone.localtime(entry.end, zone)
    board_day = by_date.get(entry.start.date())
    if board_day is not None:
        board_day.entries.append(entry)
