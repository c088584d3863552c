"""Writes with business meaning for institutions, memberships and agreements:
the only way views, admin screens, commands and the demo change partners data.

Every notice is queued with ``transaction.on_commit`` (``notices.notify``):
nothing is mailed for a change that was rolled back. One module per subject;
import from ``partners.services``.
"""

from partners.services.agreements import (
    REMINDER_DAYS,
    agreement_document_upload,
    agreement_reminders_due,
    agreement_reminders_send,
    agreement_renew,
)
from partners.services.drafts import (
    agreement_draft_share,
    draft_comment_add,
    draft_is_open,
    draft_version_add,
    draft_version_agree,
)
from partners.services.followups import (
    follow_up_create,
    follow_up_reminders_send,
    follow_up_update,
)
from partners.services.institutions import (
    institution_archive,
    institution_register,
    institution_restore,
    institution_verify,
)
from partners.services.memberships import (
    can_manage_members,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    membership_approve,
    membership_decline,
    membership_request,
    membership_revoke,
)
from partners.services.profiles import (
    PROFILE_FIELDS,
    can_edit_profile,
    institution_change_approve,
    institution_change_decline,
    institution_profile_update,
)

__all__ = [
    "PROFILE_FIELDS",
    "can_edit_profile",
    "institution_change_approve",
    "institution_change_decline",
    "institution_profile_update",
    "REMINDER_DAYS",
    "agreement_document_upload",
    "agreement_draft_share",
    "agreement_reminders_due",
    "agreement_reminders_send",
    "agreement_renew",
    "can_manage_members",
    "draft_comment_add",
    "draft_is_open",
    "draft_version_add",
    "draft_version_agree",
    "follow_up_create",
    "follow_up_reminders_send",
    "follow_up_update",
    "institution_archive",
    "institution_register",
    "institution_restore",
    "institution_verify",
    "invitation_accept",
    "invitation_create",
    "invitation_from_token",
    "membership_approve",
    "membership_decline",
    "membership_request",
    "membership_revoke",
]
