"""The public visiting page: rules and a month calendar of each active venue."""

import calendar
import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from visits import selectors
from visits.services.availability import booking_window, venue_today
from visits.services.month_calendar import DAY_STATUS_LABELS, DayStatus, month_availability
from visits.services.venue_rules import buffers_text, quota_text

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _month_or_404(year, month):
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404(_("There is no such month."))
    return datetime.date(year, month, 1)


def _shift_month(first, months):
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def visiting_page(request, year=None, month=None):
    """Visiting rules and a month calendar of each active venue; names of visitors never show."""
    venues = list(selectors.public_venues())
    venue = venues[0] if venues else None
    requested = request.GET.get("venue")
    if requested is not None:
        if not requested.isdigit():
            raise Http404(_("There is no such venue."))
        venue = next((v for v in venues if v.pk == int(requested)), None)
        if venue is None:
            raise Http404(_("There is no such venue."))
    if year is None:
        today = venue_today(venue) if venue else timezone.localdate()
        first = today.replace(day=1)
    else:
        first = _month_or_404(year, month)
    context = {"venues": venues, "venue": venue, "month": first}
    if venue is not None:
        window_first, window_last = booking_window(venue)
        previous, following = _shift_month(first, -1), _shift_month(first, 1)
        context.update(
            weeks=month_availability(venue=venue, year=first.year, month=first.month),
            weekday_names=[_(calendar.day_abbr[i]) for i in range(7)],
            legend=[(status.value, DAY_STATUS_LABELS[status]) for status in DayStatus],
            window_first=window_first,
            window_last=window_last,
            previous=previous if previous.year >= FIRST_YEAR else None,
            following=following if following.year <= LAST_YEAR else None,
            opening_hours=list(venue.opening_hours.all()),
            quota=quota_text(venue),
            buffers=buffers_text(venue),
        )
    return render(request, "visits/visiting_page.html", context)
