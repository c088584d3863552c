from partners.models.agreements import Agreement, AgreementKind, AgreementState, ScopeArea
from partners.models.institutions import Institution, InstitutionKind, Membership

__all__ = [
    "Agreement",
    "AgreementKind",
    "AgreementState",
    "Institution",
    "InstitutionKind",
    "Membership",
    "ScopeArea",
]
