from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

_NOTICE_TEXT_FIELDS = ("title_id", "title_en", "body_id", "body_en", "effective_date")


class PrivacyNoticeQuerySet(models.QuerySet):
    def in_effect(self, day=None):
        return self.filter(effective_date__lte=day or timezone.localdate()).order_by(
            "-effective_date", "-pk"
        )


class PrivacyNotice(models.Model):
    """One version of the privacy notice, in both languages.

    Consents point at the version the person saw, so a version that someone
    has agreed to is never rewritten: publish a new version instead.
    """

    version = models.CharField(
        _("version"),
        max_length=20,
        unique=True,
        help_text=_('A short label that never changes, e.g. "2024.1".'),
    )
    effective_date = models.DateField(
        _("in effect from"),
        help_text=_("The newest version in effect on a given day is the one shown and agreed to."),
    )
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_id = RichTextField(_("text (Indonesian)"))
    body_en = RichTextField(_("text (English)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-effective_date", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.version})"

    @property
    def title(self):
        return self.title_en if (get_language() or "id")[:2] == "en" else self.title_id

    @property
    def body(self):
        return self.body_en if (get_language() or "id")[:2] == "en" else self.body_id

    def clean(self):
        super().clean()
        if not self.pk or not self.consents.exists():
            return
        saved = type(self).objects.get(pk=self.pk)
        if any(
            getattr(saved, name) != getattr(self, name)
            for name in (*_NOTICE_TEXT_FIELDS, "version")
        ):
            raise ValidationError(
                _(
                    "People have already agreed to this version, so it cannot be changed. "
                    "Add a new version instead."
                )
            )


class ConsentPurpose(models.TextChoices):
    SIGNUP = "signup", _("Account sign-up")
    VISIT_REQUEST = "visit_request", _("Study visit request")


class ConsentRecord(models.Model):
    """Proof that a person agreed to a notice version for one purpose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now, db_index=True)
    # Cleared by the retention command after PORTAL_RETENTION_DAYS.
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.get_purpose_display()} · {self.notice.version}"
