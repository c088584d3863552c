from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One security-relevant action: who did what to which record, when and from where.

    Rows are written by ``portal.audit.record`` and never edited: the admin
    screen is read-only for everyone, superusers included.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted (then pseudonymised), so the log still reads.
    actor_label = models.CharField(_("actor label"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_object_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    # A log line is not a "usage" of what it names: keep it out of Wagtail's
    # reference index (which also spares every audited request four queries).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        # Only "view": rows are written by code and never changed by hand.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["action", "created_at"], name="portal_audit_action_time"),
            models.Index(fields=["actor", "created_at"], name="portal_audit_actor_time"),
        ]

    def __str__(self):
        return f"{self.action} · {self.actor_label or '-'}"
