"""Paths and the values read from the environment.

Every value that comes from the environment is read here, with its type and
default (a few theme-specific ones sit beside their settings: rate limits in
accounts.py, object storage in storage.py, the media origin in security.py,
the task backend in base.py); README.md has the same list as a table.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from portal.utils.env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

# ---------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", None)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
DATABASE_URL = env_str("DATABASE_URL", None)
REDIS_URL = env_str("REDIS_URL", None)
BASE_URL = env_str("DJANGO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", None)
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str(
    "DJANGO_DEFAULT_FROM_EMAIL", "Mitra Pustaka <noreply@openlibrary.example>"
)
SERVER_EMAIL = env_str("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Jakarta")
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "plain")
DB_STATEMENT_TIMEOUT_MS = env_int("DJANGO_DB_STATEMENT_TIMEOUT_MS", 30_000)
PORTAL_STAFF_MFA_REQUIRED = env_bool("DJANGO_STAFF_MFA_REQUIRED", True)
# Anonymous public pages are cached whole (portal/page_cache.py); 0 turns it off.
PORTAL_PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)
# After a change, one request renders a hot page anew while the others get the
# previous copy for at most this long (no herd); 0 makes every reader wait.
PORTAL_PAGE_CACHE_STALE_SECONDS = env_int("DJANGO_PAGE_CACHE_STALE_SECONDS", 5)
# The reminder (VALARM) in an event's .ics file and in registration e-mails,
# this many minutes before the start; 0 leaves it out. Subscribed feeds never
# carry one (partners/events/ical.py).
EVENTS_ALARM_MINUTES = env_int("DJANGO_EVENT_ALARM_MINUTES", 60)
# `make bench` only: a trivial view at /bench/ceiling/ measures what the
# framework itself can serve on this machine. Never set it in production.
PORTAL_BENCH_CEILING = env_bool("DJANGO_BENCH_CEILING", False)
PORTAL_PAGE_CACHE_EXCLUDE = (
    "/kalender/",
    "/en/kalender/",
    "/bench/",
    "/admin/",
    "/api/",  # the API sets its own Cache-Control, ETag and CORS headers
    "/documents/",
    "/healthz/",
    "/i18n/",
    "/static/",
    "/media/",
)
# Privacy (portal/privacy): personal data in old records is purged after
# PORTAL_RETENTION_DAYS (`manage.py purge_personal_data`); the audit log is
# kept for PORTAL_AUDIT_RETENTION_DAYS.
PORTAL_RETENTION_DAYS = env_int("DJANGO_RETENTION_DAYS", 730)
PORTAL_AUDIT_RETENTION_DAYS = env_int("DJANGO_AUDIT_RETENTION_DAYS", 1825)
# A visit's partner may change its list of participants until this many days
# before the visit (visits/services/delegation.py).
VISITS_DELEGATION_EDIT_DAYS = env_int("DJANGO_VISITS_DELEGATION_EDIT_DAYS", 3)

if not BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"DJANGO_BASE_URL must start with http:// or https://, not {BASE_URL!r}."
    )
