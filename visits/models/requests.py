import datetime
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import Language
from portal.uploads import private_storage, validate_pdf
from visits.choices import BOOKED_STATES, CANCELLABLE_STATES, VisitState
from visits.models.venues import Topic, Venue

MAX_PREFERRED_SLOTS = 3


class VisitRequestQuerySet(models.QuerySet):
    def for_institutions(self, institutions):
        return self.filter(institution__in=institutions)

    def booked(self):
        """Visits that hold their venue at their scheduled time."""
        return self.filter(state__in=BOOKED_STATES, venue__isnull=False)

    def overlapping(self, *, venue, start, end):
        """Booked visits at ``venue`` whose own time overlaps ``start``-``end``."""
        return self.booked().filter(venue=venue, scheduled_start__lt=end, scheduled_end__gt=start)

    def blocking(self, *, venue, start, end):
        """Booked visits at ``venue`` whose blocked time (the visit with its
        set-up and clear-up buffers) overlaps ``start``-``end``, itself a
        blocked time: what the PostgreSQL exclusion constraint compares."""
        return self.booked().filter(venue=venue, blocked_start__lt=end, blocked_end__gt=start)


# Saving any of these recomputes the blocked time (see ``VisitRequest.save``).
SCHEDULE_FIELDS = frozenset(
    {"venue", "venue_id", "scheduled_start", "scheduled_end", "setup_minutes", "teardown_minutes"}
)
BLOCKED_FIELDS = ("setup_minutes", "teardown_minutes", "blocked_start", "blocked_end")


class VisitRequest(models.Model):
    """A partner institution's request for a study visit, from submission to report."""

    institution = models.ForeignKey(
        "partners.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="visit_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit_requests",
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    purpose = models.TextField(
        _("purpose"), help_text=_("What your group wants to learn or discuss.")
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="visit_requests"
    )
    other_topics = models.CharField(_("other topics"), max_length=200, blank=True)

    group_size = models.PositiveSmallIntegerField(_("group size"))
    leaders_count = models.PositiveSmallIntegerField(_("leaders"), default=0)
    staff_count = models.PositiveSmallIntegerField(
        _("academic and administrative staff"), default=0
    )
    librarians_count = models.PositiveSmallIntegerField(_("librarians"), default=0)
    students_count = models.PositiveSmallIntegerField(_("students"), default=0)
    others_count = models.PositiveSmallIntegerField(_("others"), default=0)

    accessibility_needs = models.TextField(
        _("accessibility needs"),
        blank=True,
        help_text=_("For example wheelchair access or seating for visitors with low vision."),
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"),
        max_length=100,
        blank=True,
        help_text=_("For example Indonesian Sign Language (BISINDO) or English."),
    )
    notes = models.TextField(_("other notes"), blank=True)
    # The partner's language when submitting: the reply letter is written in it.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.INDONESIAN,
        help_text=_("The language of the partner's request; the reply letter is written in it."),
    )

    request_letter = models.FileField(
        _("official request letter"),
        storage=private_storage,
        upload_to="visits/letters/%Y/%m/",
        validators=[validate_pdf],
        max_length=255,
        help_text=_("The signed letter of your institution, as a PDF."),
    )
    agreement = models.ForeignKey(
        "partners.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_requests",
        help_text=_("The cooperation agreement this visit carries out, if any."),
    )

    state = models.CharField(
        _("state"),
        max_length=24,
        choices=VisitState.choices,
        default=VisitState.SUBMITTED,
        db_index=True,
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_requests",
    )
    scheduled_start = models.DateTimeField(_("starts at"), null=True, blank=True)
    scheduled_end = models.DateTimeField(_("ends at"), null=True, blank=True)
    # Which of the venue's parallel places the visit holds (1..concurrent_visits);
    # on PostgreSQL an exclusion constraint keeps one visit per place at a time.
    venue_place = models.PositiveSmallIntegerField(_("place at the venue"), null=True, blank=True)
    # The venue's set-up and clear-up buffers when the visit was scheduled
    # (kept with the visit: a later change of the venue's rules applies to
    # new bookings and moves), and the time they block: the visit with its
    # buffers, compared by the exclusion constraint on PostgreSQL.
    setup_minutes = models.PositiveSmallIntegerField(
        _("set-up time (minutes)"), null=True, blank=True, editable=False
    )
    teardown_minutes = models.PositiveSmallIntegerField(
        _("clear-up time (minutes)"), null=True, blank=True, editable=False
    )
    blocked_start = models.DateTimeField(
        _("venue blocked from"), null=True, blank=True, editable=False
    )
    blocked_end = models.DateTimeField(
        _("venue blocked until"), null=True, blank=True, editable=False
    )
    host_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_visits",
    )
    # The staff member who looks after the request (internal: the partner
    # sees the visit's host, not who handles the file).
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_visits",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who recorded the request for a partner who phoned or wrote."),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    report_article = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("report article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The privacy consent the partner gave with the request (UU PDP).
    consent = models.OneToOneField(
        "portal.ConsentRecord",
        verbose_name=_("privacy consent"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="visit_request",
    )

    idempotency_key = models.UUIDField(
        _("submission key"), default=uuid.uuid4, unique=True, editable=False
    )
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VisitRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_visitrequest", _("Can review, schedule and decide visit requests")),
        ]
        indexes = [
            models.Index(fields=["venue", "state", "scheduled_start"]),
            models.Index(fields=["institution", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=VisitState.values), name="visits_visitrequest_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(group_size__gte=1), name="visits_visitrequest_group_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(
                    group_size=models.F("leaders_count")
                    + models.F("staff_count")
                    + models.F("librarians_count")
                    + models.F("students_count")
                    + models.F("others_count")
                ),
                name="visits_visitrequest_make_up_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(scheduled_start__isnull=True, scheduled_end__isnull=True)
                | Q(scheduled_end__gt=models.F("scheduled_start")),
                name="visits_visitrequest_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=BOOKED_STATES)
                | Q(
                    venue__isnull=False,
                    scheduled_start__isnull=False,
                    scheduled_end__isnull=False,
                    venue_place__isnull=False,
                    blocked_start__isnull=False,
                    blocked_end__isnull=False,
                ),
                name="visits_visitrequest_booked_has_slot",
            ),
            models.CheckConstraint(
                condition=Q(blocked_start__isnull=True, blocked_end__isnull=True)
                | Q(
                    blocked_start__lte=models.F("scheduled_start"),
                    blocked_end__gte=models.F("scheduled_end"),
                ),
                name="visits_visitrequest_blocked_covers_visit",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.institution}"

    def save(self, *args, **kwargs):
        """Keep the blocked time in step with the scheduled time, on every
        write path (services, the demo, the test factories)."""
        self.set_blocked_time()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and SCHEDULE_FIELDS.intersection(update_fields):
            kwargs["update_fields"] = {*update_fields, *BLOCKED_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("visits:request-detail", kwargs={"pk": self.pk})

    def set_blocked_time(self):
        """The visit's time with its buffers; buffers not yet set come from the venue."""
        if self.scheduled_start is None or self.scheduled_end is None:
            self.setup_minutes = self.teardown_minutes = None
            self.blocked_start = self.blocked_end = None
            return
        venue = self.venue if self.venue_id else None
        if self.setup_minutes is None:
            self.setup_minutes = venue.setup_minutes if venue else 0
        if self.teardown_minutes is None:
            self.teardown_minutes = venue.teardown_minutes if venue else 0
        self.blocked_start = self.scheduled_start - datetime.timedelta(minutes=self.setup_minutes)
        self.blocked_end = self.scheduled_end + datetime.timedelta(minutes=self.teardown_minutes)

    @property
    def reference(self):
        """A short number for letters and e-mails, e.g. KB-2024-00042."""
        if not self.pk:
            return ""
        return f"KB-{timezone.localtime(self.created_at):%Y}-{self.pk:05d}"

    @property
    def ical_uid(self):
        return f"visit-{self.uid}@mitra-pustaka"

    @property
    def is_booked(self):
        return self.state in BOOKED_STATES

    @property
    def is_cancellable(self):
        if self.state not in CANCELLABLE_STATES:
            return False
        return not (self.scheduled_start and self.scheduled_start <= timezone.now())

    @property
    def is_editable_by_partner(self):
        return self.state == VisitState.CHANGES_REQUESTED

    def make_up(self):
        """(label, count) pairs of the group, leaving out empty categories."""
        rows = [
            (_("Leaders"), self.leaders_count),
            (_("Academic and administrative staff"), self.staff_count),
            (_("Librarians"), self.librarians_count),
            (_("Students"), self.students_count),
            (_("Others"), self.others_count),
        ]
        return [(label, count) for label, count in rows if count]

    def clean(self):
        super().clean()
        total = sum(
            getattr(self, name) or 0
            for name in (
                "leaders_count",
                "staff_count",
                "librarians_count",
                "students_count",
                "others_count",
            )
        )
        if self.group_size is not None and total != self.group_size:
            raise ValidationError(
                {
                    "group_size": _(
                        "The group make-up adds up to %(total)s people, "
                        "but the group size is %(size)s."
                    )
                    % {"total": total, "size": self.group_size}
                }
            )


class PreferredSlot(models.Model):
    """One of up to three times the partner would like to come, in order of preference."""

    request = models.ForeignKey(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="preferred_slots",
    )
    position = models.PositiveSmallIntegerField(_("preference"), default=1)
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("preferred time")
        verbose_name_plural = _("preferred times")
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"], name="visits_preferredslot_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="visits_preferredslot_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_PREFERRED_SLOTS),
                name="visits_preferredslot_position_range",
            ),
        ]

    def __str__(self):
        return f"{self.position}: {timezone.localtime(self.start):%Y-%m-%d %H:%M}"


class TransitionKind(models.TextChoices):
    STATE = "state", _("Change of state")
    RESCHEDULED = "rescheduled", _("Rescheduled")


class VisitTransition(models.Model):
    """One change of state (or a move of a scheduled visit): who made it, when and why."""

    request = models.ForeignKey(
        VisitRequest,
        verbose_name=_("visit request"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_state = models.CharField(_("from"), max_length=24, choices=VisitState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=24, choices=VisitState.choices)
    kind = models.CharField(
        _("kind"), max_length=16, choices=TransitionKind.choices, default=TransitionKind.STATE
    )
    # A move of a scheduled visit keeps the time it was moved from.
    previous_start = models.DateTimeField(_("moved from"), null=True, blank=True)
    previous_end = models.DateTimeField(_("previously ending at"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request_id}: {self.from_state or '-'} → {self.to_state}"

    @property
    def is_move(self):
        return self.kind == TransitionKind.RESCHEDULED

    @property
    def moved_from(self):
        """The time a rescheduled visit was moved from (``start`` and ``end``), or None."""
        if self.previous_start is None:
            return None
        return SimpleNamespace(start=self.previous_start, end=self.previous_end)
