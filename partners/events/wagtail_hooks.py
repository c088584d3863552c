from wagtail import hooks

from partners.events import integrations
from partners.events.viewsets import EventViewSet


@hooks.register("register_admin_viewset")
def register_event_viewset():
    return EventViewSet("shared_events", url_prefix="acara-bersama")


hooks.register("portal_home_sections", integrations.home_sections)
hooks.register("partners_partner_page_sections", integrations.partner_page_sections)
hooks.register("partners_dashboard_sections", integrations.dashboard_sections)
hooks.register("portal_programme_page_sections", integrations.programme_page_sections)
hooks.register("partners_agreement_activities", integrations.agreement_activities)
hooks.register("portal_private_calendar_items", integrations.private_calendar_items)
