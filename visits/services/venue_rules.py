"""A venue's own rules beyond its opening hours: the length of a visit, the
set-up and clear-up buffers around it and the quota of visits per
institution and period.

Reads only (``visits.services.availability`` turns these into the messages
``slot_problems`` returns; the buffers are also counted in the scheduling
services and, on PostgreSQL, in the exclusion constraint on
``VisitRequest.blocked_start``/``blocked_end``).

Quotas live on the venue, not in one site-wide setting: each venue has its
own room, its own approvers and its own visitors, so a visit to the branch
reading room does not use up an institution's allowance at the main
library. A quota counts the institution's visits at that venue that are
requested (submitted, under review, changes requested: in the period of
their earliest preferred time) or scheduled (scheduled, held, reported: in
the period of their date). Periods are calendar months, academic semesters
(August-January and February-July, as Indonesian universities run them) or
calendar years, in the venue's own time zone.
"""

import collections
import dataclasses
import datetime
import zoneinfo

from django.db.models import Min
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visits.choices import BOOKED_STATES, OPEN_STATES, QuotaPeriod
from visits.display import display_format, format_duration
from visits.models import VisitRequest

# Semesters of the academic year: odd (ganjil) from August, even (genap) from February.
ODD_SEMESTER_MONTH = 8
EVEN_SEMESTER_MONTH = 2


def blocked_interval(venue, start, end):
    """``start``-``end`` with the venue's set-up and clear-up buffers around it."""
    return start - venue.setup_time, end + venue.teardown_time


def minutes_text(minutes):
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def buffers_text(venue):
    """How long the venue keeps free around a visit, e.g. "30 minutes before and
    15 minutes after"; empty when it keeps nothing."""
    before, after = venue.setup_minutes or 0, venue.teardown_minutes or 0
    if before and after:
        return _("%(before)s before and %(after)s after") % {
            "before": minutes_text(before),
            "after": minutes_text(after),
        }
    if before:
        return _("%(before)s before") % {"before": minutes_text(before)}
    if after:
        return _("%(after)s after") % {"after": minutes_text(after)}
    return ""


def duration_problem(venue, start, end):
    """Why ``start``-``end`` is too short or too long for ``venue``, or None."""
    length = end - start
    shortest, longest = venue.min_duration, venue.max_duration
    if not ((shortest and length < shortest) or (longest and length > longest)):
        return None
    values = {"venue": venue.name, "length": format_duration(length)}
    if shortest and longest:
        return _(
            "A visit to %(venue)s lasts between %(shortest)s and %(longest)s; "
            "this one would last %(length)s."
        ) % {**values, "shortest": format_duration(shortest), "longest": format_duration(longest)}
    if shortest:
        return _(
            "A visit to %(venue)s lasts at least %(shortest)s; this one would last %(length)s."
        ) % {**values, "shortest": format_duration(shortest)}
    return _("A visit to %(venue)s lasts at most %(longest)s; this one would last %(length)s.") % {
        **values,
        "longest": format_duration(longest),
    }


def period_bounds(period, day):
    """The first day of the quota period holding ``day`` and the first day of the next one."""
    if period == QuotaPeriod.MONTH:
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following
    if period == QuotaPeriod.YEAR:
        return datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1)
    if EVEN_SEMESTER_MONTH <= day.month < ODD_SEMESTER_MONTH:
        return (
            datetime.date(day.year, EVEN_SEMESTER_MONTH, 1),
            datetime.date(day.year, ODD_SEMESTER_MONTH, 1),
        )
    year = day.year if day.month >= ODD_SEMESTER_MONTH else day.year - 1
    return (
        datetime.date(year, ODD_SEMESTER_MONTH, 1),
        datetime.date(year + 1, EVEN_SEMESTER_MONTH, 1),
    )


def period_text(period, first, following):
    """The period as a person names it: "March 2027", "the semester August
    2026 – January 2027", "the year 2027"."""
    if period == QuotaPeriod.MONTH:
        return date_format(first, "F Y")
    if period == QuotaPeriod.YEAR:
        return _("the year %(year)s") % {"year": first.year}
    last = following - datetime.timedelta(days=1)
    return _("the semester %(first)s – %(last)s") % {
        "first": date_format(first, "F Y"),
        "last": date_format(last, "F Y"),
    }


def quota_text(venue):
    """The venue's quota as a rule, e.g. "2 visits per semester"; empty without one."""
    if not venue.quota_visits:
        return ""
    return ngettext(
        "%(count)s visit per %(period)s", "%(count)s visits per %(period)s", venue.quota_visits
    ) % {"count": venue.quota_visits, "period": QuotaPeriod(venue.quota_period).label}


@dataclasses.dataclass(frozen=True)
class QuotaOverrun:
    """The institution's quota at a venue is used up in the period of a wished-for day."""

    count: int
    first: datetime.date
    following: datetime.date
    next_start: datetime.date  # first day of the next period with room


def quota_days(venue, institution, since, *, exclude_request=None):
    """The local dates (venue's zone) the institution's counted visits at
    ``venue`` fall on, from ``since`` (a date) on; two queries."""
    zone = zoneinfo.ZoneInfo(venue.time_zone)
    since_at = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
    visits = VisitRequest.objects.filter(venue=venue, institution=institution)
    if exclude_request is not None and exclude_request.pk:
        visits = visits.exclude(pk=exclude_request.pk)
    booked = visits.filter(state__in=BOOKED_STATES, scheduled_start__gte=since_at).values_list(
        "scheduled_start", flat=True
    )
    requested = (
        visits.filter(state__in=OPEN_STATES)
        .annotate(first_wish=Min("preferred_slots__start"))
        .filter(first_wish__gte=since_at)
        .values_list("first_wish", flat=True)
    )
    return [moment.astimezone(zone).date() for moment in [*booked, *requested]]


def quota_overrun(*, venue, institution, day, exclude_request=None, periods_ahead=48):
    """A ``QuotaOverrun`` when ``institution`` has used up its quota at
    ``venue`` in the period of the local date ``day``; else None.
    ``exclude_request``: the request being checked (it never counts against itself)."""
    if not venue.quota_visits or institution is None:
        return None
    period = venue.quota_period
    first, following = period_bounds(period, day)
    counts = collections.Counter(
        period_bounds(period, visit_day)[0]
        for visit_day in quota_days(venue, institution, first, exclude_request=exclude_request)
    )
    if counts[first] < venue.quota_visits:
        return None
    next_start = following
    for _step in range(periods_ahead):
        if counts[next_start] < venue.quota_visits:
            break
        next_start = period_bounds(period, next_start)[1]
    return QuotaOverrun(
        count=counts[first], first=first, following=following, next_start=next_start
    )


def quota_message(venue, institution, overrun, next_day):
    """The refusal: the institution's count, the period, the quota and the
    next possible date (``next_day``, None when none is within reach)."""
    message = ngettext(
        "%(institution)s already has %(count)s visit requested or scheduled at %(venue)s "
        "in %(period)s, and the quota is %(quota)s.",
        "%(institution)s already has %(count)s visits requested or scheduled at %(venue)s "
        "in %(period)s, and the quota is %(quota)s.",
        overrun.count,
    ) % {
        "institution": institution.display_name,
        "count": overrun.count,
        "venue": venue.name,
        "period": period_text(venue.quota_period, overrun.first, overrun.following),
        "quota": quota_text(venue),
    }
    if next_day is None:
        hint = _("No later date within the booking period has room in the quota.")
    else:
        hint = _("The next possible date is %(date)s.") % {
            "date": date_format(next_day, display_format("date"))
        }
    return f"{message} {hint}"
