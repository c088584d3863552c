"""The host's official reply letter (surat balasan) to a scheduled visit.

Not to be confused with the partner's *request* letter
(``VisitRequest.request_letter``, kept by ``visits/views/letters.py``).

Each letter takes the next number of its year's series
(``ReplyLetterCounter``, one row per year, locked while a number is taken),
so a number is never given twice, not even under concurrent issue; the
unique constraints back that up. A visit moved to another time gets a new
letter with a new number; the old one stays, marked ``superseded_by`` it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import Language
from portal.uploads import private_storage
from visits.models.requests import VisitRequest


class ReplyLetterCounter(models.Model):
    """The last sequence number given in a year's series of reply letters."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_sequence = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("reply letter counter")
        verbose_name_plural = _("reply letter counters")

    def __str__(self):
        return f"{self.year}: {self.last_sequence}"


class ReplyLetterQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)


class ReplyLetter(models.Model):
    request = models.ForeignKey(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="reply_letters",
    )
    number = models.CharField(_("reference number"), max_length=80, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    file = models.FileField(
        _("letter (PDF)"),
        storage=private_storage,
        upload_to="visits/reply-letters/%Y/",
        max_length=255,
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_name = models.CharField(_("signed by"), max_length=160)
    # Set first (the visit has no current letter for a moment), then
    # ``superseded_by`` once the new letter exists.
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )

    objects = ReplyLetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply letter")
        verbose_name_plural = _("reply letters")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="visits_replyletter_unique_year_sequence"
            ),
            # At most one current (not superseded) letter per visit.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(superseded_at__isnull=True),
                name="visits_replyletter_one_current_per_request",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_current(self):
        return self.superseded_at is None

    @property
    def download_name(self):
        return "surat-balasan-{}.pdf".format(
            "".join(char if char.isalnum() else "-" for char in self.number)
        )
