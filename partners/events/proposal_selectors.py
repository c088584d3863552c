"""Reads of event proposals: an institution's own, and who hears of them."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from partners.events.models import EventProposal
from partners.selectors import coordinators_of

REVIEW_PERMISSION = "review_eventproposal"


def proposals_of_institution(*, institution):
    """The institution's proposals, latest first (one query)."""
    return (
        EventProposal.objects.filter(institution=institution)
        .select_related("event")
        .order_by("-submitted_at", "-pk")
    )


def proposal_of_institution(*, institution, pk):
    """The institution's proposal ``pk``, or None (another's is None too)."""
    return (
        proposals_of_institution(institution=institution)
        .select_related("image", "proposed_by")
        .filter(pk=pk)
        .first()
    )


def proposals_for_review():
    return EventProposal.objects.select_related("institution", "proposed_by", "event")


def reviewers():
    """Active staff who may review proposals (through a group or directly)."""
    permission = Q(
        groups__permissions__codename=REVIEW_PERMISSION,
        groups__permissions__content_type__app_label="events",
    ) | Q(
        user_permissions__codename=REVIEW_PERMISSION,
        user_permissions__content_type__app_label="events",
    )
    return list(
        get_user_model().objects.filter(is_active=True).filter(permission).distinct().order_by("pk")
    )


def proposal_recipients(proposal):
    """Who hears of a decision: the proposer and the institution's coordinators."""
    people = {user.pk: user for user in coordinators_of(institution=proposal.institution)}
    proposer = proposal.proposed_by
    if proposer is not None and proposer.is_active:
        people.setdefault(proposer.pk, proposer)
    return [people[pk] for pk in sorted(people)]
