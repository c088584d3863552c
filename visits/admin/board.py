"""The scheduling board: a month or a week of one venue or of all venues, with
scheduled visits, requests under review as tentative holds, closed days and
opening hours, each time in its venue's zone.

Everything is a link or a GET form (view, period, venue), so it works without
JavaScript and with the keyboard; each entry opens the request's page.
"""

import datetime
import zoneinfo

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from visits.admin.agenda import AGENDA_FIRST, AGENDA_LAST
from visits.admin.permissions import ViewerMenuItem, viewer_required
from visits.display import display_format, zone_label
from visits.selectors import board as selectors

VIEWS = (selectors.MONTH, selectors.WEEK)
ALL = ""


def _board_url(view, day, venue_pk):
    query = {"view": view, "date": day.isoformat()}
    if venue_pk:
        query["venue"] = venue_pk
    return f"{reverse('visit_board:index')}?{urlencode(query)}"


def _shift(view, day, step):
    """The day ``step`` (-1 or 1) periods away from ``day``: a week, or a
    month (the first of that month)."""
    if view == selectors.WEEK:
        return day + datetime.timedelta(weeks=step)
    month = day.month - 1 + step
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def _parse_day(text, default):
    if not text:
        return default
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return day if AGENDA_FIRST <= day <= AGENDA_LAST else None


def _time_range(start, end):
    time_format = display_format("time")
    return f"{dateformat.format(start, time_format)}–{dateformat.format(end, time_format)}"


def _decorate(board_days):
    """Readable times for the template: each entry's and each day's opening
    hours, in the venue's zone and with the zone's short name."""
    for board_day in board_days:
        for entry in board_day.entries:
            entry.time_text = f"{_time_range(entry.start, entry.end)} {zone_label(entry.start)}"
        for venue_day in board_day.venues:
            zone = zoneinfo.ZoneInfo(venue_day.venue.time_zone)
            venue_day.hours_text = ", ".join(
                _time_range(
                    datetime.datetime.combine(board_day.date, opens, tzinfo=zone),
                    datetime.datetime.combine(board_day.date, closes, tzinfo=zone),
                )
                for opens, closes in venue_day.hours
            )
            if venue_day.hours:
                moment = datetime.datetime.combine(
                    board_day.date, venue_day.hours[0][0], tzinfo=zone
                )
                venue_day.hours_text += f" {zone_label(moment)}"
    return board_days


def _legend(venues):
    """(venue, zone's short name, [(weekday, opening hours)]) of each venue shown."""
    now = timezone.now()
    legend = []
    for venue in venues:
        zone = zoneinfo.ZoneInfo(venue.time_zone)
        local = timezone.localtime(now, zone)
        week = {}
        for item in venue.opening_hours.all():
            day = local.date() + datetime.timedelta(days=item.weekday - local.weekday())
            week.setdefault(item.weekday, (date_format(day, "l"), []))[1].append(
                _time_range(
                    datetime.datetime.combine(day, item.opens, tzinfo=zone),
                    datetime.datetime.combine(day, item.closes, tzinfo=zone),
                )
            )
        hours = [(name, ", ".join(ranges)) for _weekday, (name, ranges) in sorted(week.items())]
        legend.append((venue, zone_label(local), hours))
    return legend


def _error(request, context, message):
    context["error"] = message
    return TemplateResponse(request, "visits/admin/board.html", context, status=404)


@viewer_required
def board(request):
    """The board for ``?view=month|week`` (default month), ``?date=`` (any day
    of the period, default today) and ``?venue=`` (a venue's id, default all).

    A date that is not one (or lies outside 2000-2100) and a venue that does
    not exist get a 404 page that says so and leads back to today's board.
    """
    today = timezone.localdate()
    view = request.GET.get("view", selectors.MONTH)
    view = view if view in VIEWS else selectors.MONTH
    title = _("Scheduling board")
    context = {
        "header_title": title,
        "page_title": title,
        "today_url": _board_url(view, today, None),
    }
    day = _parse_day(request.GET.get("date", "").strip(), today)
    if day is None:
        return _error(
            request,
            context,
            _("There is no board for “%(value)s”: choose a date from %(first)s to %(last)s.")
            % {
                "value": request.GET["date"][:40],
                "first": date_format(AGENDA_FIRST, "j F Y"),
                "last": date_format(AGENDA_LAST, "j F Y"),
            },
        )
    venue_value = request.GET.get("venue", ALL).strip()
    venue = None
    if venue_value:
        venue = selectors.board_venue(venue_value) if venue_value.isdigit() else None
        if venue is None:
            return _error(
                request,
                context,
                _("There is no venue “%(value)s”: choose one from the list.")
                % {"value": venue_value[:40]},
            )
    venues = selectors.board_venues(venue)
    days, first, last = selectors.board_period(view, day)
    board_days = _decorate(
        selectors.board_days(
            venues=venues,
            days=days,
            period_first=first,
            period_last=last,
            include_unplaced=venue is None,
            today=today,
        )
    )
    venue_pk = venue.pk if venue else None
    previous, following = _shift(view, day, -1), _shift(view, day, 1)
    if view == selectors.MONTH:
        period = date_format(first, "F Y")
    else:
        period = f"{date_format(first, 'j F Y')} – {date_format(last, 'j F Y')}"
    context.update(
        view=view,
        venue=venue,
        venues=venues,
        venue_choices=selectors.board_venue_choices(),
        day=day,
        period=period,
        board_days=board_days,
        weeks=[board_days[n : n + 7] for n in range(0, len(board_days), 7)],
        weekdays=[date_format(board_day.date, "l") for board_day in board_days[:7]],
        previous_url=(_board_url(view, previous, venue_pk) if previous >= AGENDA_FIRST else None),
        next_url=_board_url(view, following, venue_pk) if following <= AGENDA_LAST else None,
        today_url=_board_url(view, today, venue_pk),
        month_url=_board_url(selectors.MONTH, day, venue_pk),
        week_url=_board_url(selectors.WEEK, day, venue_pk),
        legend=_legend(venues),
    )
    return TemplateResponse(request, "visits/admin/board.html", context)


class VisitBoardViewSet(ViewSet):
    name = "visit_board"
    icon = "calendar-alt"
    menu_label = gettext_lazy("Scheduling board")
    menu_item_class = ViewerMenuItem

    def get_urlpatterns(self):
        return [path("", board, name="index")]
