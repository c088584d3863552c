"""Who counts as staff, and whether this session proved a second factor.

Roles are groups and permissions, not ``is_staff``: cooperation staff,
editors and writers are created with ``is_staff=False``. Anyone holding any
permission at all works on the host's side (partners hold none), so that is
what the shorter idle limit and the MFA requirement key on.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Q

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
