"""Reads for the staff's private calendar feeds of scheduled visits."""

import datetime

from django.db.models import Q
from django.utils import timezone

from visits.choices import VisitState
from visits.models import StaffCalendarToken, VisitRequest

# Cancelled visits stay in the feed this long, so subscribed calendars drop them.
CANCELLED_IN_FEED_DAYS = 90


def staff_calendar_token(token):
    """The link ``token`` opens (with its user and venue), or None."""
    if not StaffCalendarToken.looks_valid(token):
        return None
    return (
        StaffCalendarToken.objects.select_related("user", "venue")
        .filter(token_hash=StaffCalendarToken.hash(token))
        .first()
    )


def staff_calendar_links(user):
    """The user's links, keyed by venue id (None: their own visits)."""
    return {link.venue_id: link for link in StaffCalendarToken.objects.filter(user=user)}


def staff_feed_visits(*, user=None, venue=None):
    """Scheduled (and held) visits of one venue, or those ``user`` hosts or
    handles; and the recently cancelled ones that had a time."""
    since = timezone.now() - datetime.timedelta(days=CANCELLED_IN_FEED_DAYS)
    visits = VisitRequest.objects.filter(
        Q(state__in=(VisitState.SCHEDULED, VisitState.COMPLETED, VisitState.REPORTED))
        | Q(state=VisitState.CANCELLED, scheduled_start__isnull=False, updated_at__gte=since),
        scheduled_start__isnull=False,
        scheduled_end__isnull=False,
    )
    if venue is not None:
        visits = visits.filter(venue=venue)
    else:
        visits = visits.filter(Q(host_staff=user) | Q(handled_by=user))
    return visits.select_related("institution", "venue", "host_staff").order_by("scheduled_start")
