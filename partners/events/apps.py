from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "partners.events"
    label = "events"
    verbose_name = _("Shared events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partners.events import receivers
        from portal.utils.logging import mask_calendar_tokens_in_logs

        receivers.connect()
        mask_calendar_tokens_in_logs()
