from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import admin_chrome, receivers  # noqa: F401

        admin_chrome.install()


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know our e-mail-only user model."""

    user_viewset = "portal.viewsets.UserViewSet"
