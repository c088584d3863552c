"""Admin registrations of the privacy package (imported by portal.wagtail_hooks)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal.models import AuditEvent
from portal.privacy.permissions import ReadOnlyPermissionPolicy
from portal.privacy.viewsets import AuditEventViewSet

# Audit rows are written by code only: nobody edits or deletes them in the admin.
register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEventViewSet("audit_log", url_prefix="audit-log")
