"""The partners app's part in privacy requests (see portal/extensions.py)."""

from django.db.models import Q

from partners.models import Institution, Invitation, Membership


def _addressed_to(user):
    """Invitations sent to any of the user's addresses, whatever the case."""
    addresses = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    condition = Q()
    for address in addresses:
        condition |= Q(email__iexact=address)
    return Invitation.objects.filter(condition)


def personal_data(user):
    """The user's memberships, invitations addressed to them and the
    institutions they registered."""
    memberships = Membership.objects.filter(user=user).select_related("institution")
    invitations = _addressed_to(user).select_related("institution")
    return {
        "partners_memberships": [
            {
                "institution": membership.institution.name,
                "role": membership.role,
                "state": membership.state,
                "job_title": membership.job_title,
                "requested_at": membership.created_at,
                "decided_at": membership.decided_at,
            }
            for membership in memberships
        ],
        "partners_invitations_received": [
            {
                "institution": invitation.institution.name,
                "email": invitation.email,
                "invited_at": invitation.created_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in invitations
        ],
        "partners_institutions_registered": list(
            Institution.objects.filter(created_by=user).values_list("name", flat=True)
        ),
    }


def erase_personal_data(user):
    """Invitations carry the address: they go. Memberships go with the user
    (CASCADE); documents, activities and decisions keep no link (SET_NULL)."""
    _addressed_to(user).delete()


def retention_purge(cutoff, dry_run):
    """Invitations older than the retention period hold an e-mail address
    and nothing the institution needs: delete them."""
    old = Invitation.objects.filter(created_at__lt=cutoff)
    count = old.count()
    if not dry_run:
        old.delete()
    return {"invitations": count}
