from wagtail import hooks

from portal import extensions
from visits import integrations, staff_hooks  # noqa: F401 - staff_hooks registers on import
from visits.viewsets import VisitsViewSetGroup


@hooks.register("register_admin_viewset")
def register_visits_viewsets():
    return VisitsViewSetGroup()


extensions.account_menu_links.register(integrations.account_menu_links)
extensions.dashboard_sections.register(integrations.dashboard_sections)
extensions.partner_page_sections.register(integrations.partner_page_sections)
extensions.private_calendar_items.register(integrations.private_calendar_items)
extensions.agreement_activities.register(integrations.agreement_activities)
extensions.personal_data.register(integrations.personal_data)
extensions.erase_personal_data.register(integrations.erase_personal_data)
extensions.retention_purge.register(integrations.retention_purge)
