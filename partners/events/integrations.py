"""What shared events offer other parts of the portal through the extension
points of portal.extensions (registered in wagtail_hooks.py)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from partners.events import selectors
from partners.events.ical import absolute_url, event_calendar_item
from partners.events.models import Event
from portal.extensions import CARDS, Activity, Section

HOME_EVENTS = 3
DASHBOARD_EVENTS = 10


def home_sections(*, home, request):
    """``home_sections``: the next few events, second on the home page."""
    return [
        Section(
            title=_("Upcoming literacy events"),
            template=CARDS,
            context={
                "anchor": "upcoming-events",
                "items": selectors.events_upcoming(limit=HOME_EVENTS),
                "empty_text": _("No events are scheduled at the moment."),
            },
            order=20,
        )
    ]


def partner_page_sections(*, institution, request):
    """``partner_page_sections``: the partner's upcoming public events, if any."""
    events = selectors.events_for_institution_upcoming(institution=institution)
    if not events:
        return []
    return [
        Section(
            title=_("Shared literacy events"),
            template="events/sections/partner_events.html",
            context={"events": events},
            order=10,
        )
    ]


def programme_page_sections(*, page, request):
    """``programme_page_sections``: the programme's upcoming events and its feed."""
    return [
        Section(
            title=_("Upcoming events of this programme"),
            template="events/sections/programme_events.html",
            context={
                "events": selectors.events_for_programme_upcoming(programme=page),
                "programme": page,
            },
            order=10,
        )
    ]


def dashboard_sections(*, institution, user):
    """``dashboard_sections``: the institution's coming events (public or
    not) and the way to the private calendar link."""
    events = selectors.events_upcoming(
        queryset=selectors.with_relations(Event.objects.filter(partners=institution).expressible()),
        limit=DASHBOARD_EVENTS,
    )
    return [
        Section(
            title=_("Shared events"),
            template="events/sections/dashboard_events.html",
            context={"events": events},
            order=10,
        )
    ]


def agreement_activities(*, agreement_ids, start, end):
    """``agreement_activities``: events held under the agreements."""
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


def private_calendar_items(*, user, institutions):
    """``private_calendar_items``: events the member's institutions
    organise, public or not, cancelled ones for a while."""
    events = Event.objects.for_institutions(institutions).in_feed(now=timezone.now())
    return [event_calendar_item(event) for event in events.order_by("start", "pk")]
