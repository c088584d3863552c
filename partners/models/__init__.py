from partners.models.activities import PartnerActivity, PartnerActivityKind
from partners.models.agreements import Agreement, AgreementKind, AgreementState, ScopeArea
from partners.models.categories import PartnerCategory
from partners.models.changes import LEGAL_FIELDS, InstitutionChange
from partners.models.documents import AgreementDocument, AgreementReminder
from partners.models.drafts import AgreementDraft, DraftApproval, DraftComment, DraftVersion
from partners.models.followups import FollowUp
from partners.models.institutions import Institution, InstitutionKind, Membership
from partners.models.invitations import Invitation
from partners.models.signatories import Signatory, SignatorySide

__all__ = [
    "LEGAL_FIELDS",
    "Agreement",
    "AgreementDocument",
    "AgreementDraft",
    "AgreementKind",
    "AgreementReminder",
    "AgreementState",
    "DraftApproval",
    "DraftComment",
    "DraftVersion",
    "FollowUp",
    "Institution",
    "InstitutionChange",
    "InstitutionKind",
    "Invitation",
    "Membership",
    "PartnerActivity",
    "PartnerActivityKind",
    "PartnerCategory",
    "ScopeArea",
    "Signatory",
    "SignatorySide",
]
