"""The secrets of the staff's private calendar feeds of scheduled visits."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StaffCalendarToken(models.Model):
    """One private feed link: a staff member's own visits (no venue: the
    visits they host or handle) or one venue's visits. Only the token's hash
    is kept; making a new link for the same feed stops the old one."""

    TOKEN_BYTES = 32
    TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="visit_calendar_tokens",
    )
    venue = models.ForeignKey(
        "visits.Venue",
        verbose_name=_("venue"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("staff calendar link")
        verbose_name_plural = _("staff calendar links")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "venue"], name="visits_staff_calendar_one_per_venue"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(venue__isnull=True),
                name="visits_staff_calendar_one_own",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.venue_id or '-'}"

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def looks_valid(cls, token):
        """Whether ``token`` has the shape of a token (checked before any query)."""
        return len(token) == cls.TOKEN_LENGTH and all(ch.isalnum() or ch in "-_" for ch in token)
