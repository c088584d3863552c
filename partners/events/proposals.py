"""The only ways event proposals change: a partner coordinator proposes or
resubmits, staff approve (the event is created and published), ask for
changes or decline. Every step e-mails the other side once committed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.events import services
from partners.events.choices import EventStatus
from partners.events.models import Event, EventProposal, ProposalStatus
from partners.models import Membership

# The proposal's fields a coordinator fills in (the form's fields too).
PROPOSAL_FIELDS = (
    "title",
    "summary",
    "description",
    "kind",
    "language",
    "audience",
    "mode",
    "venue",
    "address",
    "online_url",
    "start",
    "end",
    "all_day",
    "time_zone",
    "repeat",
    "repeat_count",
    "other_organisers",
)
# Fields an Event takes over from its proposal as they are.
EVENT_FIELDS = (
    "title",
    "summary",
    "kind",
    "language",
    "audience",
    "mode",
    "venue",
    "address",
    "online_url",
    "start",
    "end",
    "all_day",
    "time_zone",
    "image",
)


class ProposalStateError(Exception):
    """The proposal is not in a state that allows this step."""


def _notify(notice, proposal):
    from partners.events.tasks import send_proposal_notice

    proposal_id = proposal.pk
    transaction.on_commit(
        lambda: send_proposal_notice.enqueue(notice=notice, proposal_id=proposal_id)
    )


def is_coordinator(*, user, institution):
    return (
        user.is_authenticated
        and institution.archived_at is None
        and Membership.objects.filter(
            user=user,
            institution=institution,
            role=Membership.Role.COORDINATOR,
            state=Membership.State.ACTIVE,
        ).exists()
    )


def event_from_proposal(proposal):
    """The unsaved event the proposal would become (also used to check the
    proposal's dates, place and series as the event model does)."""
    event = Event(**{name: getattr(proposal, name) for name in EVENT_FIELDS})
    event.rrule = proposal.rrule
    event.host_is_organiser = True
    event.is_public = True
    description = proposal.description
    if proposal.other_organisers:
        language = proposal.language.split("-")[0]
        with translation.override(language if language in ("id", "en") else "id"):
            line = _("Also organised by: %(names)s") % {"names": proposal.other_organisers}
        description = f"{description}\n\n{line}" if description else line
    event.description = description
    return event


def proposal_check(proposal):
    """Raise ValidationError (by field) where the event model would refuse it."""
    event = event_from_proposal(proposal)
    event.clean()
    return event


def _fill(proposal, data, image):
    for name in PROPOSAL_FIELDS:
        if name in data:
            setattr(proposal, name, data[name])
    if not proposal.repeat:
        proposal.repeat_count = None
    if image is not None:
        proposal.image = image
    proposal_check(proposal)
    proposal.full_clean(exclude=["institution", "proposed_by", "image", "event"])


def proposal_submit(*, institution, by, data, image=None):
    """A coordinator of ``institution`` proposes an event; staff are told."""
    if not is_coordinator(user=by, institution=institution):
        raise PermissionDenied
    proposal = EventProposal(institution=institution, proposed_by=by)
    with transaction.atomic():
        _fill(proposal, data, image)
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = timezone.now()
        proposal.save()
        _notify("submitted", proposal)
    return proposal


def proposal_resubmit(*, proposal, by, data, image=None):
    """The coordinator changes a proposal still under review or sent back,
    and submits it again; staff are told."""
    if not is_coordinator(user=by, institution=proposal.institution):
        raise PermissionDenied
    with transaction.atomic():
        proposal = EventProposal.objects.select_for_update().get(pk=proposal.pk)
        if not proposal.is_editable:
            raise ProposalStateError
        was_sent_back = proposal.status == ProposalStatus.CHANGES_REQUESTED
        _fill(proposal, data, image)
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = timezone.now()
        if was_sent_back:
            proposal.times_submitted += 1
        proposal.save()
        _notify("resubmitted" if was_sent_back else "updated", proposal)
    return proposal


def _decide(proposal, *, by, status, comment):
    proposal = EventProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ProposalStateError
    proposal.status = status
    proposal.staff_comment = comment
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    return proposal


def proposal_request_changes(*, proposal, by, comment):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        proposal = _decide(
            proposal, by=by, status=ProposalStatus.CHANGES_REQUESTED, comment=comment
        )
        proposal.save()
        _notify("changes", proposal)
    return proposal


def proposal_decline(*, proposal, by, comment):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Give the reason for declining.")})
    with transaction.atomic():
        proposal = _decide(proposal, by=by, status=ProposalStatus.DECLINED, comment=comment)
        proposal.save()
        _notify("declined", proposal)
    return proposal


def proposal_approve(*, proposal, by, comment="", partners=()):
    """Create and publish the event: the proposing institution (and any
    ``partners`` staff add) organise it with the host. Returns the proposal."""
    with transaction.atomic():
        proposal = _decide(
            proposal, by=by, status=ProposalStatus.PUBLISHED, comment=(comment or "").strip()
        )
        event = proposal_check(proposal)
        event.status = EventStatus.SCHEDULED
        services.event_save(event)
        event.partners.set({proposal.institution, *partners})
        proposal.event = event
        proposal.save()
        _notify("approved", proposal)
    return proposal
