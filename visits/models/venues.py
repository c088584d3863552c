import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from portal.choices import TimeZone
from visits.choices import QuotaPeriod

# The longest set-up or clear-up time a venue may keep around a visit.
MAX_BUFFER_MINUTES = 240


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class VenueQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Venue(ClusterableModel):
    """A place that receives study visits, with its visiting rules."""

    name = models.CharField(_("name"), max_length=150)
    address = models.TextField(_("address"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TimeZone.choices, default=TimeZone.WIB
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("largest group"),
        default=40,
        validators=[MinValueValidator(1)],
        help_text=_("The most visitors one visit may bring."),
    )
    concurrent_visits = models.PositiveSmallIntegerField(
        _("visits at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many groups the venue can receive at the same time."),
    )
    default_duration = models.DurationField(
        _("default duration"),
        default=datetime.timedelta(hours=2),
        help_text=_("Length of a visit unless staff choose otherwise, e.g. 02:00:00."),
    )
    min_lead_days = models.PositiveSmallIntegerField(
        _("minimum lead time (days)"),
        default=14,
        help_text=_("A visit must be requested at least this many days ahead."),
    )
    max_ahead_days = models.PositiveSmallIntegerField(
        _("booking horizon (days)"),
        default=180,
        validators=[MinValueValidator(1)],
        help_text=_("A visit may be requested at most this many days ahead."),
    )
    setup_minutes = models.PositiveSmallIntegerField(
        _("set-up time (minutes)"),
        default=0,
        validators=[MaxValueValidator(MAX_BUFFER_MINUTES)],
        help_text=_(
            "Kept free before each visit to prepare the room. No other visit may "
            "overlap it; partners see only the visit's own time."
        ),
    )
    teardown_minutes = models.PositiveSmallIntegerField(
        _("clear-up time (minutes)"),
        default=0,
        validators=[MaxValueValidator(MAX_BUFFER_MINUTES)],
        help_text=_("Kept free after each visit to tidy up. No other visit may overlap it."),
    )
    min_duration = models.DurationField(
        _("shortest visit"),
        null=True,
        blank=True,
        help_text=_("A visit lasts at least this long, e.g. 01:00:00. Empty: no lower limit."),
    )
    max_duration = models.DurationField(
        _("longest visit"),
        null=True,
        blank=True,
        help_text=_("A visit lasts at most this long, e.g. 04:00:00. Empty: no upper limit."),
    )
    quota_visits = models.PositiveSmallIntegerField(
        _("visits per institution"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "How many visits one institution may have at this venue in each period; "
            "requested and scheduled visits count. Empty: no quota."
        ),
    )
    quota_period = models.CharField(
        _("quota period"),
        max_length=16,
        choices=QuotaPeriod.choices,
        default=QuotaPeriod.SEMESTER,
        help_text=_("Semesters follow the academic year: August to January and February to July."),
    )
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approvers"),
        blank=True,
        related_name="approved_venues",
        help_text=_(
            "Staff who decide the requests for this venue: only they (and administrators) "
            "can schedule, decline or move them, and only they are alerted. "
            "Leave approvers and groups empty to let every cooperation staff member decide."
        ),
    )
    approver_groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("approver groups"),
        blank=True,
        related_name="approved_venues",
        help_text=_("Every member of these groups approves this venue's requests too."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active venues take requests.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(concurrent_visits__gte=1),
                name="visits_venue_concurrent_visits_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(max_group_size__gte=1),
                name="visits_venue_max_group_size_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(max_ahead_days__gt=models.F("min_lead_days")),
                name="visits_venue_horizon_after_lead_time",
            ),
            models.CheckConstraint(
                condition=models.Q(min_duration__isnull=True)
                | models.Q(max_duration__isnull=True)
                | models.Q(max_duration__gte=models.F("min_duration")),
                name="visits_venue_longest_not_below_shortest",
            ),
            models.CheckConstraint(
                condition=models.Q(setup_minutes__lte=MAX_BUFFER_MINUTES)
                & models.Q(teardown_minutes__lte=MAX_BUFFER_MINUTES),
                name="visits_venue_buffers_bounded",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (
            self.max_ahead_days is not None
            and self.min_lead_days is not None
            and self.max_ahead_days <= self.min_lead_days
        ):
            raise ValidationError(
                {
                    "max_ahead_days": _(
                        "The booking horizon must be longer than the minimum lead time."
                    )
                }
            )
        if self.default_duration is not None and self.default_duration <= datetime.timedelta(0):
            raise ValidationError({"default_duration": _("The duration must be positive.")})
        errors = {}
        for name in ("min_duration", "max_duration"):
            value = getattr(self, name)
            if value is not None and value <= datetime.timedelta(0):
                errors[name] = _("The duration must be positive.")
        if errors:
            raise ValidationError(errors)
        shortest, longest = self.min_duration, self.max_duration
        if shortest and longest and longest < shortest:
            raise ValidationError(
                {"max_duration": _("The longest visit cannot be shorter than the shortest one.")}
            )
        usual = self.default_duration
        if usual and shortest and usual < shortest:
            raise ValidationError(
                {"default_duration": _("The usual length is shorter than the shortest visit.")}
            )
        if usual and longest and usual > longest:
            raise ValidationError(
                {"default_duration": _("The usual length is longer than the longest visit.")}
            )

    @property
    def setup_time(self):
        return datetime.timedelta(minutes=self.setup_minutes or 0)

    @property
    def teardown_time(self):
        return datetime.timedelta(minutes=self.teardown_minutes or 0)

    @property
    def has_buffers(self):
        return bool(self.setup_minutes or self.teardown_minutes)


class OpeningHours(models.Model):
    """One opening period of a venue on one weekday (a day may have several)."""

    venue = ParentalKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="visits_openinghours_closes_after_opens",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class ClosedDateQuerySet(models.QuerySet):
    def for_venue(self, venue):
        return self.filter(models.Q(venue=venue) | models.Q(venue__isnull=True))


class ClosedDate(models.Model):
    """A day without visits: a public holiday (all venues) or a venue's own closure."""

    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closed_dates",
        help_text=_("Leave empty to close every venue."),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = ClosedDateQuerySet.as_manager()

    class Meta:
        verbose_name = _("closed date")
        verbose_name_plural = _("closed dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "date"],
                condition=models.Q(venue__isnull=False),
                name="visits_closeddate_unique_venue_date",
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(venue__isnull=True),
                name="visits_closeddate_unique_all_venues_date",
            ),
        ]

    def __str__(self):
        where = self.venue or _("all venues")
        return f"{self.date:%Y-%m-%d} · {where}"


class Topic(models.Model):
    """A subject a visiting group wants to learn about, named in both languages."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "name_id"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        from django.utils.translation import get_language

        language = (get_language() or "id").split("-")[0]
        return self.name_en if language == "en" and self.name_en else self.name_id
