import time
import zoneinfo

from allauth.usersessions.middleware import UserSessionsMiddleware
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portal.access import session_passed_mfa, user_has_staff_access
from portal.selectors import user_has_totp


def signed_in_session(request):
    """Whether the request's session holds a signed-in user, without loading
    the user: an anonymous request (no session cookie) costs nothing here,
    so the checks below skip it before touching ``request.user``."""
    session = getattr(request, "session", None)
    if session is None:  # no session middleware ran: ask the user itself
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
    return SESSION_KEY in session


class UserTimezoneMiddleware:
    """Show times in the signed-in user's own zone; Asia/Jakarta otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone_name = None
        if signed_in_session(request) and hasattr(request, "user"):
            zone_name = getattr(request.user, "time_zone", None)
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
    (idle limit). Staff (any role with a permission, see portal.access) get
    a shorter idle limit than partners.
    """

    LOGIN_TIME_KEY = "portal_login_time"
    LAST_SEEN_KEY = "portal_last_seen"
    WRITE_EVERY = 60  # seconds: don't rewrite the session on every request

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not signed_in_session(request):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_time = session.setdefault(self.LOGIN_TIME_KEY, now)
            last_seen = session.get(self.LAST_SEEN_KEY, now)
            idle = now - last_seen
            if (
                now - login_time > settings.PORTAL_SESSION_ABSOLUTE_TIMEOUT
                or idle > self.idle_limit(user, idle)
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
            if now - last_seen >= self.WRITE_EVERY or self.LAST_SEEN_KEY not in session:
                session[self.LAST_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def idle_limit(user, idle):
        """The user's idle limit; whether they are staff (a query) is asked
        only once the session has been idle longer than the shorter limit."""
        shortest = min(
            settings.PORTAL_STAFF_SESSION_IDLE_TIMEOUT, settings.PORTAL_SESSION_IDLE_TIMEOUT
        )
        if idle <= shortest:
            return shortest
        if user_has_staff_access(user):
            return settings.PORTAL_STAFF_SESSION_IDLE_TIMEOUT
        return settings.PORTAL_SESSION_IDLE_TIMEOUT


class SignedInNoStoreMiddleware:
    """Pages made for a signed-in user are never stored by a cache or browser.

    Account pages (preferences with name and phone, e-mail addresses,
    devices, privacy centre) and portal pages show personal data; a shared
    or back-button cache must not keep them. Views that choose their own
    caching (file downloads, feeds) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not signed_in_session(request):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # "private, no-store", among others
        return response


class UserSessionActivityMiddleware(UserSessionsMiddleware):
    """allauth's "last seen" of a session, written at most once a minute.

    allauth's own middleware updates the session's row on every request, so
    every page a signed-in person opens is a write, and on SQLite concurrent
    writes queue for the one lock. This one records activity only when
    SessionTimeoutMiddleware (further down) is due to note the time in the
    session as well, so a read-only request writes nothing.
    """

    def __call__(self, request):
        if not signed_in_session(request):
            return self.get_response(request)  # nothing to record for a visitor
        session = getattr(request, "session", None)
        if session is not None:
            last_seen = session.get(SessionTimeoutMiddleware.LAST_SEEN_KEY)
            if (
                last_seen is not None
                and int(time.time()) - last_seen < SessionTimeoutMiddleware.WRITE_EVERY
            ):
                return self.get_response(request)
        return super().__call__(request)


class StaffMFAMiddleware:
    """Staff sessions reach nothing but their own account pages without TOTP.

    Every page a staff permission opens (the admin, agreement documents,
    request letters, reports...) is covered by default, so a new staff view
    cannot forget the check. A staff user without an authenticator is sent to
    set one up; one whose session never proved it (signed in some other way,
    or the authenticator was added by someone else) is asked for a code.
    Turned off only where PORTAL_STAFF_MFA_REQUIRED is False (local demo and
    tests that are not about MFA).
    """

    # Open to a staff session that has not passed MFA yet: signing in and
    # out, setting up TOTP, the user's own account pages, and files.
    EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/healthz/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_STAFF_MFA_REQUIRED
            and signed_in_session(request)
            and not self.is_exempt(request.path_info)
            and not session_passed_mfa(request)  # the session alone: no query
            and user_has_staff_access(request.user)
        ):
            return self.challenge(request)
        return self.get_response(request)

    def is_exempt(self, path):
        for code, _name in settings.LANGUAGES:
            prefix = f"/{code}/"
            if path.startswith(prefix):
                path = path[len(prefix) - 1 :]
                break
        return path.startswith(self.EXEMPT_PREFIXES)

    def challenge(self, request):
        if not user_has_totp(user=request.user):
            messages.warning(
                request,
                _("Staff accounts need two-factor authentication. Set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        messages.info(request, _("Enter the code from your authenticator app to open staff pages."))
        target = reverse("mfa_reauthenticate")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)


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
