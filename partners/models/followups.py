import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models.agreements import Agreement
from partners.models.institutions import Institution
from partners.models.signatories import SignatorySide

FOLLOW_UP_REMINDER_DAYS = 7


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
        if self.status == self.Status.DONE and not (self.evidence_url or self.note.strip()):
            raise ValidationError(
                {"evidence_url": _("A done action needs its evidence: a link or a note.")}
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

    def status_label(self):
        return self.get_status_display()

    status_label.short_description = _("status")
