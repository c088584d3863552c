"""Reads of event registration: seats left, a person's registrations, the
staff lists."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from partners.events import recurrence
from partners.events.models import (
    OCCURRENCE_FORMAT,
    Event,
    Registration,
    RegistrationOccurrence,
    RegistrationSetup,
    RegistrationStatus,
    Seating,
)
from partners.events.models.registration import ACTIVE_STATUSES

# The dates of a series offered for sign-up per date at once.
SEATINGS_SHOWN = 12


def setup_for_public_event(slug):
    """The registration setup of the public event ``slug``, or None."""
    return (
        RegistrationSetup.objects.select_related("event")
        .filter(event__in=Event.objects.public(), event__slug=slug)
        .first()
    )


def setup_for_event(event):
    return RegistrationSetup.objects.filter(event=event).first()


def _key(seating):
    return seating.key if seating is not None else None


def _capacity(setup, seating):
    return seating.capacity if seating is not None else setup.capacity


def parse_occurrence(value):
    """The instant an occurrence slug (OCCURRENCE_FORMAT) names, or None."""
    try:
        parsed = datetime.datetime.strptime(value or "", OCCURRENCE_FORMAT)
    except ValueError:
        return None
    return parsed.replace(tzinfo=datetime.UTC)


def seating(setup, value):
    """The date of ``setup``'s series that ``value`` (a slug or an instant)
    names, as a ``Seating``; None when it is not one of the series' dates."""
    instant = parse_occurrence(value) if isinstance(value, str) else value
    if instant is None or not setup.per_occurrence:
        return None
    event = setup.event
    try:
        # The rule's date at ``instant``, or a date an editor moved away from it.
        candidates = [
            *recurrence.occurrence_list(event, after=instant, before=instant),
            *recurrence.date_changes(event).values(),
        ]
    except (OverflowError, ValueError):
        return None
    for occurrence in candidates:
        if occurrence.original_start == instant and not occurrence.is_cancelled:
            override = RegistrationOccurrence.objects.filter(setup=setup, start=instant).first()
            return Seating(
                setup, occurrence.start, occurrence.end, override, occurrence.original_start
            )
    return None


def upcoming_seatings(setup, *, now=None, limit=SEATINGS_SHOWN, with_counts=True):
    """The next ``limit`` dates of a series taking sign-up per date (those
    not started yet), each a ``Seating`` with ``counts``: three queries
    whatever the number of dates."""
    now = now or timezone.now()
    dates = [
        occurrence
        for occurrence in recurrence.occurrence_list(setup.event, after=now, limit=limit + 1)
        if occurrence.start > now
    ][:limit]
    if not dates:
        return []
    keys = [occurrence.original_start.astimezone(datetime.UTC) for occurrence in dates]
    overrides = {
        override.start: override
        for override in RegistrationOccurrence.objects.filter(setup=setup, start__in=keys)
    }
    seatings = [
        Seating(
            setup, occurrence.start, occurrence.end, overrides.get(key), occurrence.original_start
        )
        for occurrence, key in zip(dates, keys, strict=True)
    ]
    if with_counts:
        rows = (
            setup.registrations.filter(occurrence_start__in=keys)
            .values("occurrence_start")
            .annotate(**_count_fields())
        )
        by_key = {row.pop("occurrence_start"): row for row in rows}
        for item in seatings:
            data = by_key.get(item.key) or dict.fromkeys(_count_fields(), 0)
            data["left"] = max(item.capacity - data["confirmed"], 0)
            item.counts = data
    return seatings


def _count_fields():
    return {
        "confirmed": Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        "waitlisted": Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        "pending": Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        "checked_in": Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False),
        ),
    }


def counts(setup, seating=None):
    """{"confirmed": n, "waitlisted": n, "pending": n, "checked_in": n, "left": n}
    for the event, or for the date ``seating`` of a series."""
    data = setup.registrations.filter(occurrence_start=_key(seating)).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        checked_in=Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False),
        ),
    )
    data["left"] = max(_capacity(setup, seating) - data["confirmed"], 0)
    return data


def active_for_user(setup, user, seating=None):
    if not user.is_authenticated:
        return None
    return (
        setup.registrations.filter(status__in=ACTIVE_STATUSES, occurrence_start=_key(seating))
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


def active_dates_for_user(setup, user, seatings):
    """{date key: the user's active registration} among ``seatings`` (one query)."""
    if not user.is_authenticated or not seatings:
        return {}
    found = setup.registrations.filter(
        status__in=ACTIVE_STATUSES, occurrence_start__in=[item.key for item in seatings]
    ).filter(Q(user=user) | Q(email__iexact=user.email))
    return {registration.occurrence_start: registration for registration in found}


def waitlist_position(registration):
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = registration.setup.registrations.filter(
        status=RegistrationStatus.WAITLISTED, occurrence_start=registration.occurrence_start
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_of_user(user):
    """The user's registrations, newest event first."""
    return (
        Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("setup__event")
        .order_by(Coalesce("occurrence_start", "setup__event__start").desc(), "-pk")
    )


def attendees(setup, seating=None):
    return setup.registrations.filter(
        status=RegistrationStatus.CONFIRMED, occurrence_start=_key(seating)
    ).order_by("name", "pk")


def waitlist(setup, seating=None):
    return setup.registrations.filter(
        status=RegistrationStatus.WAITLISTED, occurrence_start=_key(seating)
    ).order_by("queued_at", "pk")


def check_in_search(setup, query, seating=None):
    """Confirmed registrants (of the date ``seating``, for sign-up per date)
    whose name contains ``query`` or whose code is it."""
    query = " ".join((query or "").split())
    if not query:
        return attendees(setup, seating).none()
    code = query.replace(" ", "").replace("-", "").upper()
    return attendees(setup, seating).filter(Q(name__icontains=query) | Q(code=code))[:50]


def attendance_by_event(event_ids):
    """{event id: people checked in} for the events that took registration
    and checked someone in."""
    rows = (
        Registration.objects.filter(
            setup__event_id__in=event_ids,
            status=RegistrationStatus.CONFIRMED,
            checked_in_at__isnull=False,
        )
        .values("setup__event_id")
        .annotate(count=Count("pk"))
    )
    return {row["setup__event_id"]: row["count"] for row in rows}


def members_a_coordinator_may_register(user):
    """Active members of the institutions ``user`` coordinates (themselves
    included), by name; none for anyone else."""
    from django.contrib.auth import get_user_model

    from partners.models import Membership

    if not user.is_authenticated:
        return get_user_model().objects.none()
    institutions = Membership.objects.filter(
        user=user, role=Membership.Role.COORDINATOR, state=Membership.State.ACTIVE
    ).values("institution")
    return (
        get_user_model()
        .objects.filter(
            memberships__institution__in=institutions,
            memberships__state=Membership.State.ACTIVE,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )
