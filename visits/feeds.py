"""The staff's private calendar feeds of scheduled visits (iCalendar).

A staff member subscribes to their own visits (those they host or handle) or
to one venue's, through a secret link made on the admin's "Visit calendar
links" page (visits.admin.calendars). The link works while its owner is
active cooperation staff (checked on every request), and stops when they make
a new one or revoke it.
"""

from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.calendars import CONTENT_TYPE, CalendarItem, build_calendar
from portal.ratelimit import rate_limit
from visits.choices import VisitState
from visits.emails import admin_url
from visits.invitations import invitation_summary
from visits.selectors import calendars as selectors
from visits.services.workflow import is_visit_staff


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def staff_item(visit):
    """A visit as a staff calendar shows it: the admin page as its link."""
    location = ", ".join(
        part for part in (visit.venue.name, " ".join(visit.venue.address.split())) if part
    )
    description = [_("Reference: %(reference)s") % {"reference": visit.reference}]
    if visit.host_staff:
        description.append(_("Host: %(name)s") % {"name": visit.host_staff})
    description.append(_("%(count)s visitors") % {"count": visit.group_size})
    return CalendarItem(
        uid=visit.ical_uid,
        summary=invitation_summary(visit),
        start=visit.scheduled_start,
        end=visit.scheduled_end,
        time_zone=visit.venue.time_zone,
        sequence=visit.sequence,
        last_modified=visit.updated_at,
        url=admin_url(visit),
        location=location,
        description="\n".join(description),
        status="CANCELLED" if visit.state == VisitState.CANCELLED else "CONFIRMED",
    )


@require_safe
@rate_limit("feeds")
def staff_feed(request, token):
    link = selectors.staff_calendar_token(token)
    if link is None:
        raise Http404
    if not (link.user.is_active and is_visit_staff(link.user)):
        return _private(
            HttpResponseForbidden(
                _("This calendar link no longer works: its owner is not cooperation staff."),
                content_type="text/plain; charset=utf-8",
            )
        )
    if link.venue is not None:
        visits = selectors.staff_feed_visits(venue=link.venue)
        name = _("Study visits: %(venue)s") % {"venue": link.venue.name}
        description = _("Scheduled study visits at %(venue)s.") % {"venue": link.venue.name}
    else:
        visits = selectors.staff_feed_visits(user=link.user)
        name = _("My study visits")
        description = _("Scheduled study visits you host or handle.")
    body = build_calendar(
        [staff_item(visit) for visit in visits], name=name, description=description
    )
    return _private(HttpResponse(body, content_type=CONTENT_TYPE))
