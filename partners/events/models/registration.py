"""Sign-up for shared events run by the portal itself.

An editor turns registration on for an event with a ``RegistrationSetup``
(capacity, when sign-up opens and closes, which optional questions to ask).
Each person's sign-up is a ``Registration``; seats are counted in the
database by ``partners.events.registration`` under a row lock on the setup,
so two people never take the last seat at once.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Unambiguous letters and digits for the check-in code (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class RegistrationSetup(models.Model):
    """Registration for one event, as the editor set it up."""

    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registration_setup",
    )
    is_open = models.BooleanField(
        _("registration on"),
        default=True,
        help_text=_("People sign up on the event page; untick to stop taking sign-ups."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"), help_text=_("When all seats are taken, people join the waiting list.")
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty: until the event starts.")
    )
    per_occurrence = models.BooleanField(
        _("sign-up per date"),
        default=False,
        help_text=_(
            "For a series: people sign up for one date, and each date has its own seats "
            "and waiting list. The seats and dates above apply to every date unless a "
            "date is given its own."
        ),
    )
    ask_institution = models.BooleanField(_("ask for the institution"), default=False)
    ask_position = models.BooleanField(_("ask for the position"), default=False)
    ask_accessibility = models.BooleanField(_("ask about accessibility needs"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["-event__start"]

    def __str__(self):
        return str(self.event)

    def clean(self):
        super().clean()
        if self.per_occurrence and self.event_id and not self.event.rrule:
            raise ValidationError(
                {"per_occurrence": _("Only a series (an event with a repeat rule) has dates.")}
            )

    def window_state(self, now=None, *, occurrence=None):
        """ "open", "not-yet", "closed" (dates passed or turned off).

        With ``occurrence`` (a ``Seating`` of one date of a series), that
        date's own settings count, falling back to the event's."""
        now = now or timezone.now()
        if not self.is_open or self.event.status != "scheduled":
            return "closed"
        if occurrence is not None:
            return occurrence.window_state(now)
        if self.opens_at and now < self.opens_at:
            return "not-yet"
        closes = self.closes_at or self.event.start
        if now >= closes:
            return "closed"
        return "open"


class RegistrationOccurrence(models.Model):
    """Settings of one date of a series taking sign-up per date, where it
    differs from the event's: seats, opening and closing, or sign-up off.
    An empty value is inherited from the event's setup."""

    setup = models.ForeignKey(
        RegistrationSetup,
        verbose_name=_("event registration"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    start = models.DateTimeField(_("date"), help_text=_("The start of this date of the series."))
    is_open = models.BooleanField(_("registration on"), default=True)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: as for the event.")
    )
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: as for the event.")
    )
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty: when this date starts.")
    )

    class Meta:
        verbose_name = _("date with its own registration settings")
        verbose_name_plural = _("dates with their own registration settings")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["setup", "start"], name="events_registration_occurrence_unique"
            )
        ]

    def __str__(self):
        return f"{self.setup} ({self.start:%Y-%m-%d %H:%M} UTC)"


class Seating:
    """One date of a series that takes sign-up per date: its start and end
    (aware, in the event's zone) and the settings in force for it.
    ``original`` is where the series' rule puts the date (its RECURRENCE-ID);
    it differs from ``start`` when an editor moved the date, and it is what
    registrations and per-date settings are keyed on, so they follow a move."""

    def __init__(self, setup, start, end, override=None, original=None):
        self.setup = setup
        self.start = start
        self.end = end
        self.override = override
        self.original = original or start

    @property
    def key(self):
        """The date's original start in UTC, as stored on registrations."""
        return self.original.astimezone(datetime.UTC)

    @property
    def slug(self):
        return self.key.strftime(OCCURRENCE_FORMAT)

    @property
    def capacity(self):
        if self.override is not None and self.override.capacity is not None:
            return self.override.capacity
        return self.setup.capacity

    @property
    def opens_at(self):
        if self.override is not None and self.override.opens_at:
            return self.override.opens_at
        return self.setup.opens_at

    @property
    def closes_at(self):
        if self.override is not None and self.override.closes_at:
            return self.override.closes_at
        if self.setup.closes_at and self.setup.closes_at < self.start:
            return self.setup.closes_at
        return self.start

    @property
    def is_open(self):
        return self.override is None or self.override.is_open

    def window_state(self, now):
        if not self.is_open:
            return "closed"
        if self.opens_at and now < self.opens_at:
            return "not-yet"
        if now >= self.closes_at:
            return "closed"
        return "open"


# How a date of a series is written in addresses: its start in UTC, as in
# an iCalendar RECURRENCE-ID (e.g. 20270109T020000Z).
OCCURRENCE_FORMAT = "%Y%m%dT%H%M%SZ"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting e-mail confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class Registration(models.Model):
    """One person's sign-up for an event."""

    setup = models.ForeignKey(
        RegistrationSetup,
        verbose_name=_("event registration"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    # For an event taking sign-up per date: the start (UTC) of the date
    # signed up for; empty for sign-up to the whole event.
    occurrence_start = models.DateTimeField(_("date"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    accessibility = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=8, default="id")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # Set when the person joins the waiting list: its order.
    queued_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("seat given at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registrant")
        verbose_name_plural = _("registrants")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["setup", "email"],
                condition=Q(
                    status__in=["pending", "confirmed", "waitlisted"],
                    occurrence_start__isnull=True,
                ),
                name="events_registration_one_active_per_address",
            ),
            models.UniqueConstraint(
                fields=["setup", "occurrence_start", "email"],
                condition=Q(
                    status__in=["pending", "confirmed", "waitlisted"],
                    occurrence_start__isnull=False,
                ),
                name="events_registration_one_active_per_address_and_date",
            ),
        ]
        indexes = [models.Index(fields=["setup", "occurrence_start", "status", "queued_at"])]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def event(self):
        return self.setup.event

    @property
    def when(self):
        """(start, end) in the event's zone: of the date signed up for, or
        of the event."""
        event = self.setup.event
        if self.occurrence_start is None:
            return event.local_start, event.local_end
        start = self.occurrence_start.astimezone(event.zone)
        return start, start + event.duration

    @property
    def when_start(self):
        return self.when[0]

    @property
    def when_end(self):
        return self.when[1]

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES
