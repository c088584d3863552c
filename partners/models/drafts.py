"""Drafting an agreement with its partners: versions of the text uploaded by
either side, comments and each side's agreement to a version.

Nothing here is edited or deleted once written (no form or screen offers it);
the services in ``partners.services.drafts`` only add rows.
"""

import os

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from partners.models.agreements import Agreement
from partners.models.institutions import Institution
from partners.models.signatories import SignatorySide
from portal.uploads import (
    DRAFT_FILE_TYPES,
    private_storage,
    private_upload_path,
    validate_pdf_or_docx,
)

COMMENT_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 1000


class AgreementDraft(models.Model):
    """The drafting of one agreement: shared with the partners' coordinators
    when ``shared_at`` is set; agreed once both sides agree to one version."""

    agreement = models.OneToOneField(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="drafting",
    )
    shared_at = models.DateTimeField(_("shared with the partner at"), null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement draft")
        verbose_name_plural = _("agreement drafts")

    def __str__(self):
        return str(self.agreement)

    @property
    def is_shared(self):
        return self.shared_at is not None


class _Authored(models.Model):
    """Who wrote a version or comment: a side, the person, and on the
    partner's side the institution they spoke for."""

    side = models.CharField(_("side"), max_length=8, choices=SignatorySide.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The partner institution, when the partner's side wrote it."),
    )

    class Meta:
        abstract = True


class DraftVersion(_Authored):
    """One version of the agreement's text (PDF or DOCX), numbered per draft."""

    draft = models.ForeignKey(
        AgreementDraft,
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(
        _("file (PDF or DOCX)"),
        storage=private_storage,
        upload_to=private_upload_path("agreement-drafts"),
        validators=[validate_pdf_or_docx],
        max_length=255,
    )
    original_name = models.CharField(_("file name"), max_length=150)
    note = models.TextField(_("what changed"), max_length=NOTE_MAX_LENGTH, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    agreed_at = models.DateTimeField(
        _("agreed by both sides at"),
        null=True,
        blank=True,
        help_text=_("Set once both sides have agreed to this version."),
    )

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["draft", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "number"], name="partners_draft_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["draft"],
                condition=models.Q(agreed_at__isnull=False),
                name="partners_draft_one_agreed_version",
            ),
        ]

    def __str__(self):
        return f"{self.draft} · v{self.number}"

    @property
    def extension(self):
        return os.path.splitext(self.file.name)[1].lower()

    @property
    def content_type(self):
        return DRAFT_FILE_TYPES.get(self.extension, "application/octet-stream")

    @property
    def kind_label(self):
        return "DOCX" if self.extension == ".docx" else "PDF"

    @property
    def download_name(self):
        title = slugify(self.draft.agreement.title)[:80] or "draf-perjanjian"
        return f"{title}-v{self.number}{self.extension}"


class DraftApproval(_Authored):
    """One side's agreement to a version; a version is agreed when both sides have."""

    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement to a version")
        verbose_name_plural = _("agreements to versions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "side"], name="partners_draft_approval_once_per_side"
            )
        ]

    def __str__(self):
        return f"{self.version} · {self.get_side_display()}"


class DraftComment(_Authored):
    """A comment on the draft as a whole or on one version."""

    draft = models.ForeignKey(
        AgreementDraft,
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft comment")
        verbose_name_plural = _("draft comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.draft} · {self.created_at:%Y-%m-%d %H:%M}"
