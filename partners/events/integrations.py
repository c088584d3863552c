"""What shared events offer other parts of the portal through the extension
points of portal.extensions (registered in wagtail_hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from partners.events import links, registration_selectors, selectors
from partners.events.api import EventsEndpoint
from partners.events.ical import absolute_url, event_calendar_items
from partners.events.privacy import (  # noqa: F401 - offered to portal.extensions
    erase_personal_data,
    personal_data,
    retention_purge,
)
from portal.extensions import CARDS, Activity, SearchGroup, Section
from portal.search.selectors import PreparedResults
from portal.sitemaps import SectionPagesSitemap, TranslatedSitemap

HOME_EVENTS = 3
DASHBOARD_EVENTS = 10


def account_menu_links(*, user, request):
    """``account_menu_links``: the user's event registrations."""
    return [
        Section(
            title=_("My registrations"),
            template="events/registration/account_link.html",
            order=30,
        )
    ]


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
            context={
                "events": events,
                "feed": links.subscribe_links(
                    absolute_url(
                        reverse("events:feed-partner", kwargs={"value": institution.slug})
                    ),
                    name=_("Events with %(partner)s") % {"partner": institution.name},
                ),
            },
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
                "feed": links.subscribe_links(
                    absolute_url(reverse("events:feed-programme", kwargs={"value": page.pk})),
                    name=_("Events of %(programme)s") % {"programme": page.title},
                ),
            },
            order=10,
        )
    ]


def dashboard_sections(*, institution, user):
    """``dashboard_sections``: the institution's coming events (public or
    not) and the way to the private calendar link."""
    events = selectors.events_for_dashboard(institution=institution, limit=DASHBOARD_EVENTS)
    return [
        Section(
            title=_("Shared events"),
            template="events/sections/dashboard_events.html",
            context={"events": events, "institution": institution},
            order=10,
        )
    ]


def agreement_activities(*, agreement_ids, start, end):
    """``agreement_activities``: events held under the agreements."""
    queryset = list(
        selectors.events_for_agreements(agreement_ids=agreement_ids, start=start, end=end)
    )
    # Attendance counted at the door is the event's number of participants.
    attendance = registration_selectors.attendance_by_event([event.pk for event in queryset])
    activities = []
    for event in queryset:
        day = event.local_start.date()
        if (start and day < start) or (end and day > end):
            continue
        activities.append(
            Activity(
                agreement_id=event.agreement_id,
                kind=_("Shared event"),
                title=event.title,
                date=day,
                participants=attendance.get(event.pk),
                evidence_url=absolute_url(event.get_absolute_url()) if event.is_public else "",
                category="event",
                evidence=_("Event page") if event.is_public else "",
            )
        )
    return activities


def private_calendar_items(*, user, institutions):
    """``private_calendar_items``: events the member's institutions
    organise, public or not, cancelled ones for a while."""
    events = selectors.events_for_private_feed(institutions=institutions)
    return [item for event in events for item in event_calendar_items(event)]


def sitemap_sections(*, request):
    """``sitemap_sections``: the events list, this month's calendar and the
    public events' pages, in both languages."""
    return {
        "event-lists": SectionPagesSitemap(["events:event-list", "events:event-month"]),
        "events": TranslatedSitemap(
            items=selectors.events_for_sitemap(),
            location=lambda event: event.get_absolute_url(),
        ),
    }


def api_endpoints(*, version):
    """``api_endpoints``: the public shared events."""
    return {"events": EventsEndpoint} if version == "v2" else {}


def search_groups(*, words, locale):
    """``search_groups``: public events, those still to come first."""
    return [
        SearchGroup(
            key="events",
            title=_("Events"),
            results=PreparedResults(selectors.events_search(words=words), selectors.complete),
            template="events/includes/search_result.html",
            order=20,
        )
    ]
