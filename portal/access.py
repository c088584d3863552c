"""Who counts as staff, and whether this session proved a second factor.

Roles are groups and permissions, not ``is_staff``: cooperation staff,
editors and writers are created with ``is_staff=False``. Anyone holding any
permission at all works on the host's side (partners hold none), so that is
what the shorter idle limit and the MFA requirement key on.
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from portal import page_cache

_CACHE_ATTRIBUTE = "_portal_has_staff_access"
# Set when TOTP is activated in this session: the activation form checked a
# code from the new authenticator, which proves the factor as well as a
# sign-in with it would. Cleared with the session at sign-out.
TOTP_ACTIVATED_SESSION_KEY = "portal_totp_activated_by"


def user_has_staff_access(user):
    """True for superusers, ``is_staff`` users and anyone with a permission.

    Asked through the auth backends' permission set, which they keep on the
    user object (it lives for one request): the account menu's
    ``perms.wagtailadmin...`` check on every signed-in page reads the same
    set, so the two share their queries instead of each running their own.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = bool(user.get_all_permissions())
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def staff_accounts(*, also=None):
    """Active users for whom ``user_has_staff_access`` holds, as a queryset.

    For admin selects that pick a colleague: partners never appear. ``also``
    (a user id) is kept in, so a form does not lose the value it holds.
    """
    User = get_user_model()
    with_permissions = User.objects.filter(
        Q(user_permissions__isnull=False) | Q(groups__permissions__isnull=False)
    ).values("pk")
    condition = Q(is_active=True) & (
        Q(is_superuser=True) | Q(is_staff=True) | Q(pk__in=with_permissions)
    )
    if also is not None:
        condition |= Q(pk=also)
    return User.objects.filter(condition)


def session_passed_mfa(request):
    """True when this session's sign-in included a second factor.

    allauth records each step of a sign-in in the session ("password", then
    "mfa"); activating TOTP in this session counts too, since that needs a
    valid code (``record_totp_activation``).
    """
    user = request.user
    if request.session.get(TOTP_ACTIVATED_SESSION_KEY) == str(user.pk):
        return True
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def record_totp_activation(sender, request, user, authenticator, **kwargs):
    """allauth's ``authenticator_added``: the session now holds a second factor."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        request.session[TOTP_ACTIVATED_SESSION_KEY] = str(user.pk)


# ---------------------------------------------------------------------------
# Permission sets kept in the shared cache.
# ---------------------------------------------------------------------------

PERMISSIONS_VERSION_KEY = "permissions:version"
PERMISSIONS_TIMEOUT = 3600


def _permissions_key(user_id):
    return f"permissions:v1:{user_id}"


def forget_permissions(action=None, **_kwargs):
    """Any user's kept permission set is stale: a group, a permission or
    someone's groups changed. Again after the transaction commits, so a set
    read in between from the old rows is not kept. (Of a many-to-many change
    only the "post_" signal counts: the "pre_" one changes nothing yet.)
    The lists of colleagues kept under the ``users`` tag go too."""
    if action is not None and action.startswith("pre_"):
        return
    page_cache.bump("users")

    def bump():
        cache.set(PERMISSIONS_VERSION_KEY, time.time(), timeout=None)

    bump()
    transaction.on_commit(bump)


class CachedPermissionsBackend(ModelBackend):
    """ModelBackend's permission set, kept in the shared cache.

    Every signed-in page asks it (the staff-only checks of the middleware and
    the header's admin link): without this, two queries a page for someone
    who holds no permission at all. The set is kept with the permissions
    version of the time it was read, and both come back in one round trip; a
    change of any group, permission or membership of a group bumps the
    version (``portal.receivers``). Listed first in AUTHENTICATION_BACKENDS,
    it signs people in as ModelBackend does and fills the same per-request
    attribute, so the backends after it ask nothing again (ModelBackend
    stays listed for the sessions that name it).

    The signed-in user is read with their Wagtail profile (one join): the
    admin reads it on every page for the language, the time zone and the
    keyboard shortcuts, which was a query of its own each time.
    """

    def get_user(self, user_id):
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related("wagtail_userprofile").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = _permissions_key(user_obj.pk)
            found = cache.get_many([PERMISSIONS_VERSION_KEY, key])
            version = found.get(PERMISSIONS_VERSION_KEY, 0)
            kept = found.get(key)
            if kept is not None and kept[0] == version:
                user_obj._perm_cache = kept[1]
            else:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, (version, permissions), PERMISSIONS_TIMEOUT)
        return user_obj._perm_cache
