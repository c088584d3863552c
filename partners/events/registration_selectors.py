"""Reads of event registration: seats left, a person's registrations, the
staff lists."""

from django.db.models import Count, Q

from partners.events.models import Event, Registration, RegistrationSetup, RegistrationStatus
from partners.events.models.registration import ACTIVE_STATUSES


def setup_for_public_event(slug):
    """The registration setup of the public event ``slug``, or None."""
    return (
        RegistrationSetup.objects.select_related("event")
        .filter(event__in=Event.objects.public(), event__slug=slug)
        .first()
    )


def setup_for_event(event):
    return RegistrationSetup.objects.filter(event=event).first()


def counts(setup):
    """{"confirmed": n, "waitlisted": n, "pending": n, "checked_in": n, "left": n}."""
    data = setup.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        checked_in=Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False),
        ),
    )
    data["left"] = max(setup.capacity - data["confirmed"], 0)
    return data


def active_for_user(setup, user):
    if not user.is_authenticated:
        return None
    return (
        setup.registrations.filter(status__in=ACTIVE_STATUSES)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


def waitlist_position(registration):
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = registration.setup.registrations.filter(status=RegistrationStatus.WAITLISTED).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_of_user(user):
    """The user's registrations, newest event first."""
    return (
        Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("setup__event")
        .order_by("-setup__event__start", "-pk")
    )


def attendees(setup):
    return setup.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name", "pk")


def waitlist(setup):
    return setup.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "queued_at", "pk"
    )


def check_in_search(setup, query):
    """Confirmed registrants whose name contains ``query`` or whose code is it."""
    query = " ".join((query or "").split())
    if not query:
        return attendees(setup).none()
    code = query.replace(" ", "").replace("-", "").upper()
    return attendees(setup).filter(Q(name__icontains=query) | Q(code=code))[:50]


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
