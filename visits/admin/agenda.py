"""The visit agenda: booked visits day by day, four weeks at a time."""

import datetime
import zoneinfo

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from visits.admin.permissions import ViewerMenuItem, viewer_required
from visits.selectors import staff as staff_selectors

AGENDA_WEEKS = 4
# The agenda pages through these years only: no visit can be booked
# outside them (see visits.services.availability.HORIZON_DAYS).
AGENDA_FIRST, AGENDA_LAST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def _agenda_start(text, default):
    """The Monday-or-any day ``?from=`` names, or None when it is not a date in range."""
    if not text:
        return default
    try:
        first = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return first if AGENDA_FIRST <= first <= AGENDA_LAST else None


@viewer_required
def agenda(request):
    """Booked visits day by day for four weeks from ``?from=YYYY-MM-DD`` (default: this week).

    Any other ``from`` (not a date, or outside 2000-2100) gets a 404 page
    that says so and leads back to this week, never an error.
    """
    today = timezone.localdate()
    this_week = today - datetime.timedelta(days=today.weekday())
    context = {
        "header_title": _("Visit agenda"),
        "page_title": _("Visit agenda"),
        "this_week": this_week.isoformat(),
    }
    first = _agenda_start(request.GET.get("from", "").strip(), this_week)
    if first is None:
        context["error"] = _(
            "There is no agenda for “%(value)s”: choose a date from %(first)s to %(last)s."
        ) % {
            "value": request.GET["from"][:40],
            "first": date_format(AGENDA_FIRST, "j F Y"),
            "last": date_format(AGENDA_LAST, "j F Y"),
        }
        return TemplateResponse(request, "visits/admin/agenda.html", context, status=404)
    step = datetime.timedelta(weeks=AGENDA_WEEKS)
    last = first + step
    visits = staff_selectors.agenda_visits(first, last)
    days = {}
    for visit in visits:
        visit.zone_name = visit.venue.time_zone if visit.venue else settings.TIME_ZONE
        local = timezone.localtime(visit.scheduled_start, zoneinfo.ZoneInfo(visit.zone_name))
        days.setdefault(local.date(), []).append(visit)
    previous, following = first - step, last
    context.update(
        days=sorted(days.items()),
        first=first,
        last=last - datetime.timedelta(days=1),
        previous=previous.isoformat() if previous >= AGENDA_FIRST else None,
        following=following.isoformat() if following <= AGENDA_LAST else None,
    )
    return TemplateResponse(request, "visits/admin/agenda.html", context)


class VisitAgendaViewSet(ViewSet):
    name = "visit_agenda"
    icon = "date"
    menu_label = gettext_lazy("Visit agenda")
    menu_item_class = ViewerMenuItem

    def get_urlpatterns(self):
        return [path("", agenda, name="index")]
