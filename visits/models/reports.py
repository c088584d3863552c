"""After the visit: the host's report with photos, and the partner's feedback."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from visits.models.requests import VisitRequest


class VisitReport(ClusterableModel):
    """What happened at a held visit, written by the host's staff."""

    request = models.OneToOneField(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    summary = models.TextField(
        _("summary"),
        help_text=_(
            "What the group saw, discussed and agreed. Separate paragraphs with an empty line; "
            "they become the paragraphs of the news draft."
        ),
    )
    attendance_count = models.PositiveSmallIntegerField(
        _("visitors who came"),
        validators=[MinValueValidator(1)],
        help_text=_("How many visitors actually came; statistics count this number."),
    )
    participants_note = models.TextField(
        _("who took part"),
        blank=True,
        help_text=_("For example: the academic director, four lecturers and all the librarians."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("summary"),
        FieldPanel("attendance_count"),
        FieldPanel("participants_note"),
        InlinePanel("photos", heading=_("Photos"), label=_("Photo")),
    ]

    class Meta:
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_count__gte=1),
                name="visits_visitreport_attendance_positive",
            ),
        ]

    def __str__(self):
        return str(_("Report on %(visit)s") % {"visit": self.request})


class VisitReportPhoto(Orderable):
    """A photo of the visit; the first one becomes the news draft's main image."""

    report = ParentalKey(VisitReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or str(self.image)


class VisitFeedback(models.Model):
    """The visiting institution's rating and comment, once the visit has been held."""

    request = models.OneToOneField(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (poor) to 5 (excellent)."),
    )
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("visit feedback")
        verbose_name_plural = _("visit feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="visits_visitfeedback_rating_range"
            ),
        ]

    def __str__(self):
        return f"{self.request_id}: {self.rating}/5"
