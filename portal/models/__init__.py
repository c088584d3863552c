from portal.models.audit import AuditEvent
from portal.models.menus import Menu, MenuItem, MenuSection, MenuSlot
from portal.models.pages import (
    HomePage,
    ProgrammeIndexPage,
    ProgrammePage,
    StandardPage,
)
from portal.models.privacy import ConsentPurpose, ConsentRecord, PrivacyNotice
from portal.models.site_settings import FooterText, SiteSettings
from portal.models.users import User, UserManager

__all__ = [
    "AuditEvent",
    "ConsentPurpose",
    "ConsentRecord",
    "HomePage",
    "Menu",
    "MenuItem",
    "MenuSection",
    "MenuSlot",
    "ProgrammeIndexPage",
    "PrivacyNotice",
    "ProgrammePage",
    "SiteSettings",
    "FooterText",
    "StandardPage",
    "User",
    "UserManager",
]
