"""What shared events offer other parts of the portal through Wagtail hooks
(registered in wagtail_hooks.py)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from partners.activities import Activity
from partners.events import selectors
from partners.events.ical import absolute_url, event_calendar_item
from partners.events.models import Event

HOME_EVENTS = 3


def home_sections(home):
    """``portal_home_sections``: the next few events for the home page."""
    return {"upcoming_events": selectors.events_upcoming(limit=HOME_EVENTS)}


def partner_page_sections(institution, request=None):
    """``partners_partner_page_sections``: the partner's upcoming events."""
    return {"partner_events": selectors.events_for_institution_upcoming(institution=institution)}


def programme_page_sections(page, request=None):
    """``portal_programme_page_sections``: the programme's upcoming events."""
    return {"programme_events": selectors.events_for_programme_upcoming(programme=page)}


def dashboard_sections(institution, user):
    """``partners_dashboard_sections``: the institution's coming events
    (public or not) and the way to the private calendar link."""
    events = selectors.events_upcoming(
        queryset=selectors.with_relations(Event.objects.filter(partners=institution).expressible()),
        limit=10,
    )
    return [
        (
            _("Shared events"),
            "events/includes/dashboard_events.html",
            {"events": events},
        )
    ]


def agreement_activities(agreement_ids, start=None, end=None):
    """``partners_agreement_activities``: events held under the agreements."""
    queryset = (
        Event.objects.filter(agreement_id__in=agreement_ids)
        .expressible()
        .exclude(status="cancelled")
    )
    if start:
        queryset = queryset.filter(
            end__gte=datetime.datetime.combine(start, datetime.time(), tzinfo=datetime.UTC)
            - datetime.timedelta(days=1)
        )
    if end:
        queryset = queryset.filter(
            start__lt=datetime.datetime.combine(end, datetime.time(), tzinfo=datetime.UTC)
            + datetime.timedelta(days=2)
        )
    activities = []
    for event in queryset.order_by("start"):
        day = event.local_start.date()
        if (start and day < start) or (end and day > end):
            continue
        activities.append(
            Activity(
                agreement_id=event.agreement_id,
                kind=_("Shared event"),
                title=event.title,
                date=day,
                participants=None,
                evidence_url=absolute_url(event.get_absolute_url()) if event.is_public else "",
            )
        )
    return activities


def private_calendar_items(user, institutions):
    """``portal_private_calendar_items``: events the member's institutions
    organise, public or not, cancelled ones for a while."""
    events = Event.objects.for_institutions(institutions).in_feed(now=timezone.now())
    return [event_calendar_item(event) for event in events.order_by("start", "pk")]
