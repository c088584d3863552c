"""Accounts: sign-in, sessions, django-allauth, MFA and the portal's rate limits."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from portal.utils.env import env_bool, env_list, env_str

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend with permission sets kept in the shared cache (portal.access).
    "portal.access.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Sessions: 12 h at most, 3 h idle (1 h for staff); see SessionTimeoutMiddleware.
SESSION_COOKIE_AGE = 12 * 60 * 60
PORTAL_SESSION_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE
PORTAL_SESSION_IDLE_TIMEOUT = 3 * 60 * 60
PORTAL_STAFF_SESSION_IDLE_TIMEOUT = 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-allauth (https://docs.allauth.org/en/latest/account/configuration.html)
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A new partner user goes on to join or register their institution.
ACCOUNT_SIGNUP_REDIRECT_URL = "partners:onboarding"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mitra Pustaka] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# The portal's own public endpoints (portal/ratelimit.py), per client IP.
PORTAL_RATE_LIMITS = {
    "search": env_str("DJANGO_RATE_LIMIT_SEARCH", "60/m"),
    "feeds": env_str("DJANGO_RATE_LIMIT_FEEDS", "120/m"),
    "forms": env_str("DJANGO_RATE_LIMIT_FORMS", "20/m"),
    # The news view-count beacon: one per article opened.
    "views": env_str("DJANGO_RATE_LIMIT_VIEWS", "30/m"),
    # Guesses at a private page's or collection's shared password (POST only).
    "page_password": "10/m",  # nosec B105 - a rate limit, not a password
}
PORTAL_TRUSTED_PROXY_COUNT = 0
# allauth's default rate limits (ACCOUNT_RATE_LIMITS) stay on.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ALLOW_UNVERIFIED_EMAIL = False
MFA_TOTP_ISSUER = "Mitra Pustaka"
USERSESSIONS_TRACK_ACTIVITY = True

# ---------------------------------------------------------------------------
# University sign-in: OpenID Connect through allauth.socialaccount (README,
# "SSO (university sign-in)"). DJANGO_OIDC_PROVIDERS names the identity
# providers (e.g. "kampus,google"); each reads DJANGO_OIDC_<ID>_NAME,
# _SERVER_URL, _CLIENT_ID and _CLIENT_SECRET, and optionally _EMAIL_DOMAINS
# (the only e-mail domains it may sign in) and _LINK_BY_EMAIL (false: never
# sign in to an existing account by its e-mail). None named: no SSO buttons.
# ---------------------------------------------------------------------------
_OIDC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")


def _oidc_app(provider_id):
    if not _OIDC_ID.match(provider_id):
        raise ImproperlyConfigured(
            f"DJANGO_OIDC_PROVIDERS: {provider_id!r} is not a valid identity provider id "
            "(lower-case letters, digits and '-', at most 30 characters; it becomes part "
            "of the callback address)."
        )
    prefix = f"DJANGO_OIDC_{provider_id.upper().replace('-', '_')}_"
    server_url = env_str(prefix + "SERVER_URL").rstrip("/")
    if not server_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ImproperlyConfigured(
            f"{prefix}SERVER_URL must be an https:// address (http:// only on loopback), "
            f"not {server_url!r}."
        )
    return {
        "provider_id": provider_id,
        "name": env_str(prefix + "NAME"),
        "client_id": env_str(prefix + "CLIENT_ID"),
        "secret": env_str(prefix + "CLIENT_SECRET"),
        "settings": {
            "server_url": server_url,
            "oauth_pkce_enabled": True,
            "email_authentication": env_bool(prefix + "LINK_BY_EMAIL", True),
            "email_domains": [
                d.lower().lstrip("@") for d in env_list(prefix + "EMAIL_DOMAINS", [])
            ],
        },
    }


_OIDC_APPS = [_oidc_app(provider_id) for provider_id in env_list("DJANGO_OIDC_PROVIDERS", [])]
SOCIALACCOUNT_ADAPTER = "portal.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": _OIDC_APPS}}
# The sign-in button posts to the portal, which redirects to the provider's
# authorization endpoint: the Content-Security-Policy's form-action admits
# each provider's origin (security.py).
SSO_FORM_ACTION_ORIGINS = sorted(
    {"://".join(urlsplit(app["settings"]["server_url"])[:2]) for app in _OIDC_APPS}
)
# Only an address the identity provider asserts as verified (email_verified)
# signs in to the existing account that has it, and connects to it for next
# time; SocialAccountAdapter refuses an unverified one.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# A new person confirms their name and agrees to the privacy notice first.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "portal.forms.SocialSignupForm"}
SOCIALACCOUNT_STORE_TOKENS = False
