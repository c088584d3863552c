import datetime

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models.institutions import Institution, Membership

INVITATION_SALT = "partners.invitation"
INVITATION_MAX_AGE = datetime.timedelta(days=14)


class Invitation(models.Model):
    """A coordinator's invitation of a colleague, accepted once through a signed link."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    # The role the person gets on accepting, whatever role they held before.
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Membership.Role.choices,
        default=Membership.Role.MEMBER,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.institution}"

    @property
    def token(self):
        return signing.dumps({"i": self.pk, "e": self.email.lower()}, salt=INVITATION_SALT)

    @property
    def expires_at(self):
        return self.created_at + INVITATION_MAX_AGE

    @property
    def is_expired(self):
        return timezone.now() > self.expires_at
