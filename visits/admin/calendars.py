"""Visit calendar links: each staff member makes (and revokes) private
calendar feeds of their own visits and of each venue's (visits/feeds.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.viewsets.base import ViewSet

from portal.ratelimit import rate_limit
from visits.admin.permissions import StaffMenuItem, review_required
from visits.emails import absolute
from visits.selectors import calendars as selectors
from visits.selectors import staff as staff_selectors
from visits.services import calendars as services

# The new link waits here between the POST that makes it and the one GET
# that shows it, never in a URL (history, Referer, access logs).
NEW_LINK_SESSION_KEY = "visits:new-staff-calendar-link"
OWN = "own"


def _venue_from(value):
    """The venue a posted ``feed`` value names: None for the user's own visits."""
    if value == OWN:
        return None
    venue = staff_selectors.all_venues().filter(pk=value).first() if value.isdigit() else None
    if venue is None:
        raise Http404
    return venue


@review_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("forms", methods={"POST"})
def calendar_links(request):
    if request.method == "POST":
        feed = request.POST.get("feed", "")
        venue = _venue_from(feed)
        if request.POST.get("action") == "revoke":
            if services.staff_calendar_token_revoke(user=request.user, venue=venue):
                messages.success(request, _("The link was revoked: it no longer works."))
        else:
            token = services.staff_calendar_token_issue(user=request.user, venue=venue)
            request.session[NEW_LINK_SESSION_KEY] = {"feed": feed, "token": token}
        return redirect("visit_calendars:index")
    new = request.session.pop(NEW_LINK_SESSION_KEY, None) if request.method == "GET" else None
    links = selectors.staff_calendar_links(request.user)
    feeds = [(OWN, _("My visits (those I host or handle)"), links.get(None))]
    feeds += [
        (str(venue.pk), venue.name, links.get(venue.pk))
        for venue in staff_selectors.active_venues().order_by("name")
    ]
    rows = []
    for key, label, link in feeds:
        url = ""
        if new and new["feed"] == key and link is not None:
            url = absolute(reverse("visit_feeds:staff-feed", kwargs={"token": new["token"]}))
        rows.append({"key": key, "label": label, "link": link, "url": url})
    context = {
        "header_title": _("Visit calendar links"),
        "page_title": _("Visit calendar links"),
        "rows": rows,
    }
    return TemplateResponse(request, "visits/admin/calendar_links.html", context)


class VisitCalendarViewSet(ViewSet):
    name = "visit_calendars"
    icon = "calendar-alt"
    menu_label = gettext_lazy("Visit calendar links")
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [path("", calendar_links, name="index")]
