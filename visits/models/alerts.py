"""How each cooperation staff member wants to hear of what partners do."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertMode(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each event")
    DIGEST = "digest", _("A daily digest of open requests")
    OFF = "off", _("No e-mail")


class VisitAlertPreference(models.Model):
    """A staff member's choice; without a row, alerts are immediate."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="visit_alert_preference",
    )
    mode = models.CharField(
        _("visit request alerts"),
        max_length=16,
        choices=AlertMode.choices,
        default=AlertMode.IMMEDIATE,
        help_text=_(
            "When partners submit, edit, resubmit or cancel a request, or write a message."
        ),
    )

    # The day (portal's time zone) the last daily digest went to this person:
    # running the digest twice on one day sends it once.
    digest_sent_on = models.DateField(
        _("last digest sent on"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("visit alert preference")
        verbose_name_plural = _("visit alert preferences")

    def __str__(self):
        return f"{self.user_id}: {self.mode}"
