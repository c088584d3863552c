"""Admin registrations of the privacy package (imported by portal.wagtail_hooks)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal.models import AuditEvent, ConsentRecord, PrivacyNotice
from portal.privacy import services
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


@hooks.register("before_delete_user")
def delete_user_through_the_privacy_service(request, user):
    """Deleting a user in the admin erases them like a self-service deletion does.

    Feature hooks anonymise first, the audit log names the staff member, the
    person gets the confirmation e-mail, and the last active superuser stays.
    """
    if request.method != "POST":
        return None
    try:
        services.account_delete(user=user, request=request, actor=request.user)
    except services.AccountDeletionRefused as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("The account has been deleted and its personal data erased."))
    return redirect("wagtailusers_users:index")


@hooks.register("before_bulk_action")
def bulk_delete_users_through_the_privacy_service(request, action_type, objects, action_class):
    if action_type != "delete" or action_class.get_default_model() is not get_user_model():
        return None
    deleted = 0
    for user in objects:
        try:
            services.account_delete(user=user, request=request, actor=request.user)
        except services.AccountDeletionRefused as refusal:
            messages.error(request, f"{user}: {refusal.messages[0]}")
        else:
            deleted += 1
    if deleted:
        messages.success(
            request,
            _("Accounts deleted and their personal data erased: %(count)d") % {"count": deleted},
        )
    return redirect("wagtailusers_users:index")
