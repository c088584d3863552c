"""The thread between a partner and the host's staff, and the reminders sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits.models.requests import VisitRequest


class VisitMessage(models.Model):
    """A message in the thread between the partner and the host's staff."""

    request = models.ForeignKey(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_staff = models.BooleanField(_("from staff"), default=False)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request_id}: {self.body[:40]}"


class VisitReminder(models.Model):
    """A sent reminder; the unique key makes the reminder command idempotent."""

    request = models.ForeignKey(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=32, default="three_days")
    # A rescheduled visit gets its own reminder for the new time.
    scheduled_start = models.DateTimeField(_("visit start"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "scheduled_start"],
                name="visits_visitreminder_unique_once",
            ),
        ]

    def __str__(self):
        return f"{self.request_id}: {self.kind}"
