from wagtail import hooks

from visits import integrations, privacy, staff_hooks  # noqa: F401 - staff_hooks registers on import
from visits.viewsets import VisitsViewSetGroup


@hooks.register("register_admin_viewset")
def register_visits_viewsets():
    return VisitsViewSetGroup()


hooks.register("partners_dashboard_sections", integrations.dashboard_sections)
hooks.register("partners_partner_page_sections", integrations.partner_page_sections)
hooks.register("portal_private_calendar_items", integrations.private_calendar_items)
hooks.register("partners_agreement_activities", integrations.agreement_activities)
hooks.register("portal_personal_data", privacy.personal_data)
hooks.register("portal_erase_personal_data", privacy.erase_personal_data)
hooks.register("portal_retention_purge", privacy.retention_purge)
