import datetime
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from partners.models.agreements import Agreement
from partners.models.institutions import Institution
from partners.models.signatories import SignatorySide
from portal.uploads import private_storage, private_upload_path, validate_pdf

FOLLOW_UP_REMINDER_DAYS = 7
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
EVIDENCE_EXTENSIONS = (".pdf", *IMAGE_FORMATS)


@deconstructible
class EvidenceFileValidator:
    """Evidence of a follow-up: a PDF (checked by ``validate_pdf``) or a JPEG
    or PNG photo, recognised by its content, not its name."""

    def __call__(self, upload):
        extension = os.path.splitext(upload.name)[1].lower()
        if extension == ".pdf":
            validate_pdf(upload)
            return
        if extension not in IMAGE_FORMATS:
            raise ValidationError(
                _("Upload the evidence as a PDF, JPEG or PNG file."), code="evidence_type"
            )
        limit = settings.PORTAL_MAX_PDF_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted file is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        from PIL import Image

        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                actual = image.format
                image.verify()
        except Exception as error:  # any decoder failure means it is no image
            raise ValidationError(
                _("This file is not a %(kind)s image, whatever its name says."),
                code="evidence_unreadable",
                params={"kind": IMAGE_FORMATS[extension]},
            ) from error
        finally:
            upload.seek(position)
        if actual != IMAGE_FORMATS[extension]:
            raise ValidationError(
                _("This file is not a %(kind)s image, whatever its name says."),
                code="evidence_mismatch",
                params={"kind": IMAGE_FORMATS[extension]},
            )

    def __eq__(self, other):
        return isinstance(other, EvidenceFileValidator)


validate_evidence_file = EvidenceFileValidator()


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[FollowUp.Status.OPEN, FollowUp.Status.IN_PROGRESS])

    def overdue(self, *, on=None):
        """Open actions whose due date has passed on ``on`` (today)."""
        return self.open().filter(due_date__lt=on or timezone.localdate())


class FollowUp(models.Model):
    """An action agreed at a visit or under an agreement: what, which side,
    who, by when, and how it went."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("partner institution"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    agreed_at = models.CharField(
        _("agreed at"),
        max_length=200,
        blank=True,
        help_text=_("The visit or meeting where it was agreed, e.g. KB-2026-00007."),
    )
    title = models.CharField(_("action"), max_length=255)
    side = models.CharField(_("responsible side"), max_length=8, choices=SignatorySide.choices)
    owner = models.CharField(_("owner"), max_length=150)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        storage=private_storage,
        upload_to=private_upload_path("partners/follow-ups"),
        validators=[validate_evidence_file],
        max_length=255,
        blank=True,
        help_text=_("A PDF, JPEG or PNG: minutes, attendance list, photo, publication."),
    )
    note = models.TextField(_("note"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # The due date a reminder was sent for: one reminder per due date.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.agreement_id
            and self.institution_id
            and not self.agreement.partners.filter(pk=self.institution_id).exists()
        ):
            raise ValidationError(
                {"agreement": _("Choose an agreement the partner institution is a party to.")}
            )
        if self.status == self.Status.DONE and not (
            self.evidence_url or self.evidence_file or self.note.strip()
        ):
            raise ValidationError(
                {"evidence_url": _("A done action needs its evidence: a file, a link or a note.")}
            )

    @property
    def is_overdue(self):
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS) and (
            self.due_date < timezone.localdate()
        )

    @property
    def is_due_soon(self):
        today = timezone.localdate()
        return self.status in (
            self.Status.OPEN,
            self.Status.IN_PROGRESS,
        ) and today <= self.due_date <= today + datetime.timedelta(days=FOLLOW_UP_REMINDER_DAYS)

    @property
    def evidence_file_name(self):
        """The evidence file's own name (without the storage folder), or ""."""
        return os.path.basename(self.evidence_file.name) if self.evidence_file else ""

    def status_label(self):
        return self.get_status_display()

    status_label.short_description = _("status")
