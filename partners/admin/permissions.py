"""Who may do what on the staff screens of the partners app, in one place.

The model screens (institutions, memberships, agreements, signed documents,
other activities, scope areas) use Wagtail's default permission policy: the
model's add, change, delete and view permissions (the "Cooperation staff"
group holds them). The actions and the report check with the functions below.
"""

from django.core.exceptions import PermissionDenied


def can_change_institution(user):
    """Verify, archive and restore an institution."""
    return user.has_perm("partners.change_institution")


def can_decide_membership(user):
    """Approve or decline a pending membership from the admin."""
    return user.has_perm("partners.change_membership")


def can_renew_agreement(user):
    """Draft the renewal of an agreement (a new agreement, linked to the old)."""
    return user.has_perm("partners.add_agreement") and user.has_perm("partners.change_agreement")


def can_view_draft(user):
    """Read the drafting of an agreement with its partners (versions, comments)."""
    return user.has_perm("partners.view_agreement")


def can_work_on_draft(user):
    """Share a draft, upload versions, comment and agree for the host's side."""
    return user.has_perm("partners.change_agreement")


def can_view_report(user):
    """Download the implementation report (it lists every agreement)."""
    return user.has_perm("partners.view_agreement")


def require(allowed):
    """Raise PermissionDenied (403) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied
