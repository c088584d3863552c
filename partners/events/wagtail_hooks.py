from wagtail import hooks

from partners.events import integrations
from partners.events.viewsets import EventViewSet
from portal import extensions


@hooks.register("register_admin_viewset")
def register_event_viewset():
    return EventViewSet("shared_events", url_prefix="acara-bersama")


extensions.home_sections.register(integrations.home_sections)
extensions.partner_page_sections.register(integrations.partner_page_sections)
extensions.dashboard_sections.register(integrations.dashboard_sections)
extensions.programme_page_sections.register(integrations.programme_page_sections)
extensions.agreement_activities.register(integrations.agreement_activities)
extensions.private_calendar_items.register(integrations.private_calendar_items)
extensions.sitemap_sections.register(integrations.sitemap_sections)
