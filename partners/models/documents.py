from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from partners.models.agreements import Agreement
from portal.uploads import private_storage, private_upload_path, validate_pdf


class AgreementDocument(models.Model):
    """A signed copy of an agreement: private, downloadable only after a permission check."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file (PDF)"),
        storage=private_storage,
        upload_to=private_upload_path("agreements"),
        validators=[validate_pdf],
        max_length=255,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "-uploaded_at"]

    def __str__(self):
        return self.title

    @property
    def download_name(self):
        return f"{slugify(self.title)[:80] or 'perjanjian'}-{self.pk}.pdf"


class AgreementReminder(models.Model):
    """One row per reminder sent, so a reminder goes out at most once."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    days_before = models.PositiveSmallIntegerField(_("days before the end"))
    end_date = models.DateField(_("end date reminded of"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement reminder")
        verbose_name_plural = _("agreement reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "days_before", "end_date"],
                name="partners_reminder_once_per_end_date",
            )
        ]

    def __str__(self):
        return f"{self.agreement} · {self.days_before}"
