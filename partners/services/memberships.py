"""Writes on memberships: join requests, decisions and invitations."""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import selectors
from partners.models import Institution, Invitation, Membership
from partners.models.invitations import INVITATION_MAX_AGE, INVITATION_SALT
from partners.services.notices import notify
from portal import page_cache


def _approvers(institution):
    """Who decides on a join request: its coordinators, else cooperation staff."""
    return selectors.coordinators_of(institution=institution) or selectors.staff_recipients()


def is_active_coordinator(*, user, institution):
    """An active coordinator of the institution, while it is not archived."""
    return Membership.objects.filter(
        user=user,
        institution=institution,
        institution__in=Institution.objects.for_user(user),
        state=Membership.State.ACTIVE,
        role=Membership.Role.COORDINATOR,
    ).exists()


def can_manage_members(*, user, institution):
    """Staff, or an active coordinator of the institution (not archived)."""
    return selectors.user_is_partner_staff(user) or is_active_coordinator(
        user=user, institution=institution
    )


@transaction.atomic
def membership_request(*, user, institution, job_title=""):
    """Ask to join a verified institution: a pending membership; its
    coordinators (or staff, while it has none) are told."""
    if not institution.is_verified or institution.is_archived:
        raise ValidationError(_("This institution cannot be joined."))
    if Membership.objects.filter(user=user, institution=institution).exists():
        raise ValidationError(_("You have already asked to join this institution."))
    membership = Membership(user=user, institution=institution, job_title=job_title)
    membership.full_clean()
    membership.save()
    notify(
        "membership_requested",
        users=_approvers(institution),
        institution=institution,
        membership=membership,
    )
    return membership


def _decide(membership, *, by, state):
    if not can_manage_members(user=by, institution=membership.institution):
        raise PermissionDenied
    if membership.user_id == by.pk and not selectors.user_is_partner_staff(by):
        raise ValidationError(_("You cannot decide on your own membership."))
    updated = Membership.objects.filter(pk=membership.pk, state=Membership.State.PENDING).update(
        state=state, decided_by=by, decided_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This request has already been decided."))
    membership.refresh_from_db()
    page_cache.bump("partners")  # update() sends no signal; dashboards show it
    return membership


@transaction.atomic
def membership_approve(*, membership, by):
    """Activate a pending membership (staff or a coordinator of the institution)."""
    membership = _decide(membership, by=by, state=Membership.State.ACTIVE)
    notify(
        "membership_approved",
        users=[membership.user],
        institution=membership.institution,
        membership=membership,
    )
    return membership


@transaction.atomic
def membership_decline(*, membership, by):
    """Refuse a pending membership; the requester is told."""
    membership = _decide(membership, by=by, state=Membership.State.REVOKED)
    notify(
        "membership_declined",
        users=[membership.user],
        institution=membership.institution,
        membership=membership,
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership, by):
    """End an active membership (never the last coordinator's); the member
    removed is told by e-mail."""
    if not can_manage_members(user=by, institution=membership.institution):
        raise PermissionDenied
    if membership.is_coordinator:
        others = Membership.objects.filter(
            institution=membership.institution,
            state=Membership.State.ACTIVE,
            role=Membership.Role.COORDINATOR,
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError(_("An institution keeps at least one coordinator."))
    membership.state = Membership.State.REVOKED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save(update_fields=["state", "decided_by", "decided_at"])
    notify(
        "membership_revoked",
        users=[membership.user],
        institution=membership.institution,
        membership=membership,
    )
    return membership


@transaction.atomic
def invitation_create(*, institution, email, by):
    """Invite a colleague by e-mail: a signed link valid for 14 days."""
    if not can_manage_members(user=by, institution=institution):
        raise PermissionDenied
    email = email.strip().lower()
    if Membership.objects.filter(
        institution=institution, user__email__iexact=email, state=Membership.State.ACTIVE
    ).exists():
        raise ValidationError(_("This person is already a member."))
    invitation = Invitation.objects.create(institution=institution, email=email, invited_by=by)
    notify("invitation", emails_to=[email], institution=institution, invitation=invitation)
    return invitation


def invitation_from_token(token):
    """The open invitation a token stands for, or a ValidationError saying why not."""
    try:
        data = signing.loads(
            token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise ValidationError(
            _("This invitation has expired. Ask your coordinator for a new one."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid."), code="invalid") from None
    invitation = (
        Invitation.objects.select_related("institution")
        .filter(pk=data.get("i"), email__iexact=data.get("e", ""))
        .first()
    )
    if invitation is None or invitation.institution.is_archived:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."), code="used")
    return invitation


@transaction.atomic
def invitation_accept(*, token, user):
    """Join the inviting institution, active, with the role the invitation
    states (member unless it says coordinator).

    The invitation is for one address: the user must own it (verified). A
    revoked or pending membership is reactivated with that role; an active
    one keeps its own. The institution's coordinators are told.
    """
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if not user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email},
            code="other_address",
        )
    now = timezone.now()
    decision = {
        "state": Membership.State.ACTIVE,
        "role": invitation.role,
        "decided_by": invitation.invited_by,
        "decided_at": now,
    }
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, institution=invitation.institution, defaults=decision
    )
    if not created and membership.state != Membership.State.ACTIVE:
        # A revoked or pending membership comes back with the invitation's
        # role: a revoked coordinator is never silently a coordinator again.
        for field, value in decision.items():
            setattr(membership, field, value)
        membership.save(update_fields=list(decision))
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    notify(
        "invitation_accepted",
        users=selectors.coordinators_of(institution=invitation.institution),
        institution=invitation.institution,
        membership=membership,
    )
    return membership
