"""The private calendar tokens of partner members."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarToken(models.Model):
    """The secret of a member's private calendar URL; only its hash is kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("private calendar link")
        verbose_name_plural = _("private calendar links")

    def __str__(self):
        return str(self.user)

    TOKEN_BYTES = 32
    TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def looks_valid(cls, token):
        """Whether ``token`` has the shape of a token (checked before any query)."""
        return len(token) == cls.TOKEN_LENGTH and all(ch.isalnum() or ch in "-_" for ch in token)
