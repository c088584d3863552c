import time
import zoneinfo

from allauth.mfa.models import Authenticator
from allauth.usersessions.middleware import UserSessionsMiddleware
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _


class UserTimezoneMiddleware:
    """Show times in the signed-in user's own zone; Asia/Jakarta otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone_name = getattr(request.user, "time_zone", None) if hasattr(request, "user") else None
        if zone_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a signed-in session after too long idle or too long in all.

    SESSION_COOKIE_AGE caps the cookie; this also caps a session that is kept
    alive by activity (absolute limit) and one left open on a shared computer
    (idle limit). Staff get a shorter idle limit than partners.
    """

    LOGIN_TIME_KEY = "portal_login_time"
    LAST_SEEN_KEY = "portal_last_seen"
    WRITE_EVERY = 60  # seconds: don't rewrite the session on every request

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_time = session.setdefault(self.LOGIN_TIME_KEY, now)
            last_seen = session.get(self.LAST_SEEN_KEY, now)
            idle_limit = (
                settings.PORTAL_STAFF_SESSION_IDLE_TIMEOUT
                if user.is_staff
                else settings.PORTAL_SESSION_IDLE_TIMEOUT
            )
            if (
                now - login_time > settings.PORTAL_SESSION_ABSOLUTE_TIMEOUT
                or now - last_seen > idle_limit
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
            if now - last_seen >= self.WRITE_EVERY or self.LAST_SEEN_KEY not in session:
                session[self.LAST_SEEN_KEY] = now
        return self.get_response(request)


class UserSessionActivityMiddleware(UserSessionsMiddleware):
    """allauth's "last seen" of a session, written at most once a minute.

    allauth's own middleware updates the session's row on every request, so
    every page a signed-in person opens is a write, and on SQLite concurrent
    writes queue for the one lock. This one records activity only when
    SessionTimeoutMiddleware (further down) is due to note the time in the
    session as well, so a read-only request writes nothing.
    """

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None:
            last_seen = session.get(SessionTimeoutMiddleware.LAST_SEEN_KEY)
            if (
                last_seen is not None
                and int(time.time()) - last_seen < SessionTimeoutMiddleware.WRITE_EVERY
            ):
                return self.get_response(request)
        return super().__call__(request)


def user_needs_mfa(user):
    """Staff, editors, writers and superusers must sign in with a second factor."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


class StaffMFAMiddleware:
    """Send privileged users without an authenticator to set one up first.

    Applies to the Wagtail admin; allauth then asks for the code at every
    sign-in. Turned off only where PORTAL_STAFF_MFA_REQUIRED is False (local
    demo and tests that are not about MFA).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_STAFF_MFA_REQUIRED
            and request.path.startswith("/admin/")
            and user_needs_mfa(request.user)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _("Staff accounts need two-factor authentication. Set it up to open the admin."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class PortalCSPMiddleware(CSPMiddleware):
    """The strict public policy everywhere except the Wagtail admin.

    The public site allows only the portal's own files and scripts carrying
    this request's nonce. Wagtail's admin (and page previews inside it) gets
    PORTAL_ADMIN_CSP, which admits the inline code the admin relies on but
    still no other origin.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            parts.config = settings.PORTAL_ADMIN_CSP
            parts.nonce = None
        return parts
