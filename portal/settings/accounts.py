"""Accounts: sign-in, sessions, django-allauth, MFA and the portal's rate limits."""

from portal.utils.env import env_str

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
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
