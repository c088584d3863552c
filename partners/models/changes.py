from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models.institutions import Institution, InstitutionKind

# What a coordinator may not change alone: the institution's name and legal form.
LEGAL_FIELDS = ("name", "short_name", "kind")


class InstitutionChange(models.Model):
    """A coordinator's change of the institution's name or legal data, applied
    only once cooperation staff have verified it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change of name or legal data")
        verbose_name_plural = _("changes of name or legal data")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(state="pending"),
                name="partners_one_pending_change_per_institution",
            )
        ]

    def __str__(self):
        return f"{self.institution} → {self.name}"
