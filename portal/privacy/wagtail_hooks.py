"""Admin registrations of the privacy package (imported by portal.wagtail_hooks)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal.models import AuditEvent, ConsentRecord, PrivacyNotice
from portal.privacy.permissions import RestrictedPermissionPolicy
from portal.privacy.viewsets import PrivacyViewSetGroup

# Audit events and consents are written by code only; a notice version is
# never deleted (consents point at it).
register_permission_policy(AuditEvent, RestrictedPermissionPolicy(AuditEvent))
register_permission_policy(ConsentRecord, RestrictedPermissionPolicy(ConsentRecord))
register_permission_policy(
    PrivacyNotice,
    RestrictedPermissionPolicy(PrivacyNotice, allowed_actions=("add", "change", "view")),
)


@hooks.register("register_admin_viewset")
def register_privacy_admin():
    return PrivacyViewSetGroup()
