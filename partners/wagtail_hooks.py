from wagtail import hooks

from partners import integrations
from partners.admin.menu import PartnersViewSetGroup
from portal import extensions


@hooks.register("register_admin_viewset")
def register_partners_viewsets():
    return PartnersViewSetGroup()


extensions.home_sections.register(integrations.home_sections)
extensions.account_menu_links.register(integrations.account_menu_links)
extensions.agreement_activities.register(integrations.agreement_activities)
extensions.personal_data.register(integrations.personal_data)
extensions.erase_personal_data.register(integrations.erase_personal_data)
extensions.retention_purge.register(integrations.retention_purge)
