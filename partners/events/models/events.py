"""Shared literacy events.

The model holds fields, constraints, validation and presentation only: what
a save derives (slug, UID, SEQUENCE, the end of the last date, the stored
VEVENTs) is made by ``partners.events.services.event_save``, and dates of a
series are computed in ``partners.events.recurrence``."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.search import index

from partners.events import recurrence
from partners.events.choices import (
    ICAL_STATUS,
    EventKind,
    EventLanguage,
    EventMode,
    EventStatus,
)
from partners.events.models.querysets import EventQuerySet
from portal.choices import TimeZone

# Paths under /acara/ that an event slug must not take.
RESERVED_SLUGS = {"arsip", "bulan", "feed", "langganan", "kalender"}
# Events are entered for this window of years (the admin form checks it):
# from FIRST_YEAR to YEARS_AHEAD years after today, so a typo such as 9999
# for 2029 never reaches the feeds.
FIRST_YEAR = 2000
YEARS_AHEAD = 10

# Changes subscribers must notice: they raise SEQUENCE (RFC 5545 3.8.7.4).
SEQUENCE_FIELDS = (
    "title",
    "summary",
    "description",
    "mode",
    "venue",
    "address",
    "online_url",
    "start",
    "end",
    "all_day",
    "time_zone",
    "rrule",
    "exdates",
    "date_changes",
    "status",
)


class Event(recurrence.EventTimes, index.Indexed, ClusterableModel):
    """A literacy event run by the host together with partner institutions.

    ``start`` and ``end`` are instants (stored in UTC); ``time_zone`` is the
    zone the event happens in and is shown in. All-day events start at local
    midnight of their first day and end at local midnight after their last.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Part of the address; filled in from the title when left empty."),
    )
    summary = models.TextField(_("summary"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    host_is_organiser = models.BooleanField(
        _("the host organises"),
        default=True,
        help_text=_("Tick when the host library is one of the organisers."),
    )
    partners = models.ManyToManyField(
        "partners.Institution",
        verbose_name=_("partner organisers"),
        blank=True,
        related_name="events",
    )
    programme = models.ForeignKey(
        "portal.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    mode = models.CharField(
        _("mode"), max_length=10, choices=EventMode.choices, default=EventMode.ON_SITE
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Meeting or streaming link, for online and hybrid events."),
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TimeZone.choices, default=TimeZone.WIB
    )
    rrule = models.CharField(
        _("repeat rule"),
        max_length=300,
        blank=True,
        help_text=_(
            "For a series, an iCalendar RRULE, e.g. FREQ=MONTHLY;BYDAY=2SA;COUNT=6 "
            "(the second Saturday of the month, six times). Leave empty for a one-off event."
        ),
    )
    exdates = models.TextField(
        _("dates left out"),
        blank=True,
        help_text=_("Dates of the series that do not take place, YYYY-MM-DD, one per line."),
    )
    # Derived on save from the single dates editors changed (OccurrenceChange,
    # see partners.events.occurrences), so lists and feeds need no extra query.
    date_changes = models.JSONField(default=dict, blank=True, editable=False)
    last_end = models.DateTimeField(
        _("end of the last date"),
        null=True,
        editable=False,
        db_index=True,
        help_text=_("Empty for a series without an end."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_url = models.URLField(
        _("registration link"), blank=True, help_text=_("Leave empty when no sign-up is needed.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(
        _("audience"),
        max_length=200,
        blank=True,
        help_text=_("For example: students, librarians, the general public."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=EventLanguage.choices, default=EventLanguage.INDONESIAN
    )
    agreement = models.ForeignKey(
        "partners.Agreement",
        verbose_name=_("agreement implemented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the site and in the public feeds.")
    )
    uid = models.CharField(_("calendar UID"), max_length=120, unique=True, editable=False)
    # The event's VEVENT, serialised on save for each language, so a feed of
    # thousands of events is assembled without re-serialising them.
    ical_cache = models.JSONField(default=dict, blank=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by event_save with the LAST-MODIFIED of the stored VEVENTs.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    # Site search (portal.search): what the public page shows, the
    # programme's title and the partner organisers' names (re-indexed when
    # they change, partners.events.receivers); the filters are those of
    # EventQuerySet.public().
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("venue"),
        index.SearchField("audience"),
        index.RelatedFields("programme", [index.SearchField("title")]),
        index.RelatedFields(
            "partners", [index.SearchField("name"), index.SearchField("short_name")]
        ),
        index.FilterField("is_public"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("last_end"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("shared event")
        verbose_name_plural = _("shared events")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="events_end_after_start"),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in EventStatus]),
                name="events_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["is_public", "status", "last_end"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def snapshot(self):
        """Remember the values as stored (after a save), so the next save
        can tell what changed (see services.event_save)."""
        self._loaded = {
            field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields
        }

    # -- time ---------------------------------------------------------------

    @property
    def last_day(self):
        """For all-day events, the last day (the stored end is exclusive)."""
        return (self.local_end - datetime.timedelta(days=1)).date()

    @property
    def excluded_days(self):
        return recurrence.excluded_days(self.exdates)

    def exdate_instants(self):
        """Start instants of the left-out dates, as the series would have had them."""
        return recurrence.exdate_instants(self)

    # -- validation ---------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end cannot be before the start.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This slug is reserved; choose another.")
        if self.mode in (EventMode.ONLINE, EventMode.HYBRID) and not self.online_url:
            errors["online_url"] = _("Give the link for an online or hybrid event.")
        if self.mode in (EventMode.ON_SITE, EventMode.HYBRID) and not self.venue:
            errors["venue"] = _("Give the venue for an event on site.")
        try:
            recurrence.parse_exdates(self.exdates)
        except ValidationError as error:
            errors["exdates"] = error.messages
        if self.rrule and self.start and "end" not in errors:
            try:
                self.rrule = recurrence.normalise_rule(
                    self.rrule,
                    local_start=self.local_start.replace(tzinfo=None),
                    zone_name=self.time_zone,
                    all_day=self.all_day,
                )
            except ValidationError as error:
                errors["rrule"] = error.messages
        if errors:
            raise ValidationError(errors)

    # -- presentation -------------------------------------------------------

    def _instant_display(self, value):
        """``value`` in the event's zone, as the admin lists and shows it."""
        from django.utils.formats import date_format

        from portal.utils.dates import zone_label

        try:
            local = value.astimezone(self.zone)
        except OverflowError:  # beyond year 9999 there: show what is stored
            return f"{value:%Y-%m-%d %H:%M} UTC"
        return f"{date_format(local, 'DATETIME_FORMAT')} {zone_label(local)}"

    def get_start_display(self):
        return self._instant_display(self.start)

    def get_end_display(self):
        return self._instant_display(self.end)

    @property
    def card_url(self):
        return self.get_absolute_url()

    @property
    def ical_status(self):
        return ICAL_STATUS[EventStatus(self.status)]

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_series(self):
        return bool(self.rrule)

    @property
    def location_text(self):
        parts = [part for part in (self.venue, self.address) if part]
        if self.mode == EventMode.ONLINE:
            return self.online_url
        return ", ".join(parts)
