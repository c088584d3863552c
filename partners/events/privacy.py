"""Shared events' part in privacy requests (see portal/extensions.py):
event registrations are personal data."""

from django.db.models import Q

from partners.events import registration as services
from partners.events.models import Registration


def personal_data(*, user):
    """The user's event registrations (signed in, or by their address)."""
    registrations = services.for_user(user).select_related("setup__event")
    return {
        "events_registrations": [
            {
                "event": registration.setup.event.title,
                "event_start": registration.setup.event.start,
                "name": registration.name,
                "email": registration.email,
                "institution": registration.institution,
                "position": registration.position,
                "accessibility_needs": registration.accessibility,
                "status": registration.status,
                "check_in_code": registration.code,
                "registered_at": registration.created_at,
                "confirmed_at": registration.confirmed_at,
                "cancelled_at": registration.cancelled_at,
                "checked_in_at": registration.checked_in_at,
            }
            for registration in registrations
        ]
    }


def erase_personal_data(*, user):
    """Upcoming sign-ups are cancelled (the seat goes to the next person
    waiting); every registration loses name, address and answers, keeping
    its status and check-in for the event's figures."""
    services.erase_for_user(user)


def retention_purge(*, cutoff, dry_run):
    """Registrations of events that ended before ``cutoff`` (and sign-ups
    never confirmed, made before it) are anonymised."""
    old = Registration.objects.filter(
        Q(setup__event__last_end__lt=cutoff) | Q(status="pending", created_at__lt=cutoff)
    ).exclude(email__endswith="@invalid")
    count = old.count()
    if not dry_run and count:
        services.anonymise(old)
    return {"registrations": count}
