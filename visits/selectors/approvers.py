"""Who decides a venue's requests.

A venue may name approvers: staff members and groups. Its requests are
then decided (reviewed, sent back, scheduled, declined, moved, cancelled,
marked as held) by them alone, and only they are alerted of them; other
cooperation staff may still read the requests, write to the partner and
add internal notes. Superusers always may decide. A venue naming nobody
keeps the rule of old: every cooperation staff member decides.

Reads only; ``require_decider`` is called by the workflow services under
their locks, so the rule holds whichever screen (or script) posts.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from visits.models import Venue


def restricted_venues():
    """Venues that name at least one approver or approver group."""
    return Venue.objects.filter(
        Q(approvers__isnull=False) | Q(approver_groups__isnull=False)
    ).distinct()


def venues_decided_by(user):
    """The venues naming ``user`` as approver, directly or through a group."""
    return Venue.objects.filter(
        Q(approvers=user) | Q(approver_groups__in=user.groups.all())
    ).distinct()


def venue_approvers(venue):
    """The active users who approve ``venue`` (named, or members of a named group)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(approved_venues=venue) | Q(groups__approved_venues=venue))
        .distinct()
        .order_by("full_name", "email")
    )


def has_approvers(venue):
    return venue is not None and restricted_venues().filter(pk=venue.pk).exists()


def may_decide(user, venue):
    """True when ``user`` (cooperation staff) may decide requests for ``venue``."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser or venue is None:
        return True
    # One read: the venue names nobody, or names the user or one of her groups.
    return (
        Venue.objects.filter(pk=venue.pk)
        .filter(
            Q(approvers__isnull=True, approver_groups__isnull=True)
            | Q(approvers=user)
            | Q(approver_groups__in=user.groups.all())
        )
        .exists()
    )


def may_name_approvers(user, venue):
    """Whether ``user`` may change who approves ``venue``: superusers, and
    the approvers of a venue that names some (a new venue, or one naming
    nobody, takes its first approvers from a superuser only)."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return (
        bool(venue is not None and venue.pk)
        and venues_decided_by(user).filter(pk=venue.pk).exists()
    )


def refusal_message(venue):
    names = ", ".join(str(user) for user in venue_approvers(venue))
    groups = ", ".join(group.name for group in venue.approver_groups.all())
    who = "; ".join(part for part in (names, groups) if part)
    return _(
        "Only the approvers of %(venue)s can decide its requests (%(who)s). "
        "You can read this request, write to the partner and add internal notes, "
        "but not review, schedule, decline or move it."
    ) % {"venue": venue.name, "who": who}


def require_decider(user, *venues):
    """Raise ``PermissionDenied`` with a message naming the approvers unless
    ``user`` may decide for every venue given (None: no venue, no rule)."""
    for venue in venues:
        if venue is not None and not may_decide(user, venue):
            raise PermissionDenied(refusal_message(venue))


def decidable_by(queryset, user):
    """``queryset`` of visit requests narrowed to those ``user`` may decide."""
    if user.is_superuser:
        return queryset
    return queryset.exclude(venue__in=restricted_venues().exclude(pk__in=venues_decided_by(user)))
