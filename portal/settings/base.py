"""Settings shared by every environment.

dev.py, test.py and production.py only override what differs. The shared
settings are grouped by theme, and this module gathers them:

- env.py: paths and the values read from the environment (README.md has the
  same list as a table)
- this module: applications, middleware, templates, database, cache,
  e-mail, background tasks and logging
- accounts.py: sign-in, sessions, allauth, MFA and rate limits
- i18n.py: languages and time
- storage.py: static files, media, private files and upload limits
- cms.py: Wagtail
- api.py: the public read-only API (REST framework, its limits)
- security.py: security headers and the Content-Security-Policy
"""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .accounts import *  # noqa: F403
from .api import *  # noqa: F403
from .cms import *  # noqa: F403
from .env import *  # noqa: F403
from .i18n import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "portal",
    "news",
    "partners",
    "partners.events",
    "visits",
    # Wagtail (https://docs.wagtail.org/en/stable/reference/settings.html)
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.apps.PortalUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # django-allauth (https://docs.allauth.org/en/latest/installation/quickstart.html)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.routing.KnownSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.request_limits.OversizedNumberMiddleware",
    "portal.admin_language.AdminLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.UserSessionActivityMiddleware",
    "portal.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionTimeoutMiddleware",
    "portal.middleware.SignedInNoStoreMiddleware",
    "portal.middleware.StaffMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]
# Django's widget templates through Jinja2, the rest as above (portal.widgets).
FORM_RENDERER = "portal.widgets.FormRenderer"

# ---------------------------------------------------------------------------
# Database: a SQLite file unless DATABASE_URL points elsewhere (PostgreSQL
# through psycopg 3 in production).
# ---------------------------------------------------------------------------
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        }
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL could not be parsed ({error}). Expected for example "
            "postgres://user:password@127.0.0.1:5432/mitra_pustaka or sqlite:///path/db.sqlite3."
        ) from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite must hold a person clicking around the admin while images render
    # and autosave runs: readers never block the writer (WAL), a writer waits
    # for the lock instead of failing at once (timeout, in seconds), and a
    # transaction takes the write lock when it begins (IMMEDIATE), so two
    # transactions never deadlock upgrading a read lock ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A runaway query is stopped instead of holding a worker and its locks.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Cache: local memory by default, Redis when REDIS_URL is set. allauth's
# rate limits use this cache, so production must share one across processes.
# The "fragments" alias keeps entries whose keys never change meaning in each
# process's memory in front of the default cache (portal.layered_cache).
# ---------------------------------------------------------------------------
FRAGMENT_CACHE = {
    "fragments": {
        "BACKEND": "portal.layered_cache.LayeredCache",
        "KEY_PREFIX": "fragments",
        "OPTIONS": {"SHARED": "default"},
    }
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mitra-pustaka",
        },
        **FRAGMENT_CACHE,
    }
    # Sessions read from the shared cache, written through to the database:
    # a signed-in request no longer queries django_session. Only with a cache
    # every process shares, or a sign-out in one would not reach the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "mitra-pustaka",
        },
        **FRAGMENT_CACHE,
    }

# ---------------------------------------------------------------------------
# E-mail: printed to the console unless an SMTP host is configured.
# ---------------------------------------------------------------------------
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = 10

# ---------------------------------------------------------------------------
# Background tasks (django-tasks, https://github.com/RealOrangeOne/django-tasks)
# ---------------------------------------------------------------------------
# Background work (e-mails, invitations) goes through django-tasks. The
# immediate backend runs a task at once, in the request (development, tests);
# production sets DJANGO_TASKS_BACKEND=database and runs `manage.py db_worker`.
TASKS_BACKEND = env_str("DJANGO_TASKS_BACKEND", "immediate")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be 'immediate' or 'database', not {TASKS_BACKEND!r}."
    )

# ---------------------------------------------------------------------------
# Logging: one line per record on the console.
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "portal.utils.logging.JSONFormatter"},
    },
    # Private calendar tokens never reach a log line (security checklist PR-7).
    "filters": {"mask_calendar_tokens": {"()": "portal.utils.logging.MaskCalendarTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["mask_calendar_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # One line per background task is noise at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
