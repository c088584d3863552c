"""Settings shared by every environment.

dev.py, test.py and production.py only override what differs. Every value
that comes from the environment is read in the block below, with its type
and default; README.md has the same list as a table.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

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
# `make bench` only: a trivial view at /bench/ceiling/ measures what the
# framework itself can serve on this machine. Never set it in production.
PORTAL_BENCH_CEILING = env_bool("DJANGO_BENCH_CEILING", False)
PORTAL_PAGE_CACHE_EXCLUDE = (
    "/kalender/",
    "/en/kalender/",
    "/bench/",
    "/admin/",
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

if not BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"DJANGO_BASE_URL must start with http:// or https://, not {BASE_URL!r}."
    )

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
# ---------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mitra-pustaka",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "mitra-pustaka",
        }
    }

# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------
# Languages and time
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Indonesian")),
    ("en", _("English")),
]
# The second catalogue fills in Indonesian that Wagtail's admin lacks; the
# first (the portal's own) wins where both translate a string.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
USE_I18N = True
USE_TZ = True
# Two-digit 24-hour times in both languages ("09.00", "09:00"); see portal/formats/.
FORMAT_MODULE_PATH = ["portal.formats"]

# ---------------------------------------------------------------------------
# Static files and media. WhiteNoise serves static files from the app, so no
# CDN or separate web server is needed to get started.
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Public media (images, Wagtail documents) on S3-compatible object storage
# when DJANGO_MEDIA_BUCKET is set; needs the "s3" extra (django-storages).
# Wagtail documents keep going through the portal's serve view, so their
# privacy rules still apply; agreement files stay in private storage.
MEDIA_BUCKET = env_str("DJANGO_MEDIA_BUCKET", None)
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env_str("DJANGO_MEDIA_ENDPOINT_URL", None),
            "region_name": env_str("DJANGO_MEDIA_REGION", None),
            "access_key": env_str("DJANGO_MEDIA_ACCESS_KEY", None),
            "secret_key": env_str("DJANGO_MEDIA_SECRET_KEY", None),
            "custom_domain": env_str("DJANGO_MEDIA_CUSTOM_DOMAIN", None),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Private files (signed agreements, request letters) never live under
# MEDIA_ROOT: they are read only through views that check permission
# (portal/uploads.py). On S3 they go to the same bucket under "private/",
# with no public ACL.
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-media-is-not-served/"},
}
if MEDIA_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
        },
    }
# Largest accepted PDF upload (agreements, request letters), in megabytes.
PORTAL_MAX_PDF_MB = env_int("DJANGO_MAX_PDF_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

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
# Wagtail (https://docs.wagtail.org/en/stable/reference/settings.html)
# ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Mitra Pustaka"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
# The admin offers the portal's two languages and follows each person's
# preferred language (portal/admin_language.py).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# simple_translation: an editor copies a page into English and translates it
# in place; no extra dependency, and the page trees stay in step.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "pptx", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every document downloads as an attachment: a PDF opened inline runs in the
# site's origin (its scripts, forms and links), whoever uploaded it.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# No shared page passwords: private pages are for signed-in groups only.
# (bandit takes the key name for a password; False is a switch.)
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}  # nosec B105
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}  # nosec B105
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

# ---------------------------------------------------------------------------
# Security defaults that hold everywhere; production.py adds HTTPS.
# ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views opt back in to SAMEORIGIN for the admin's iframe.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). Public pages: the portal's own files,
# scripts only with this request's nonce, video embeds from YouTube/Vimeo.
_MEDIA_ORIGINS = [origin for origin in [env_str("DJANGO_MEDIA_CUSTOM_DOMAIN", None)] if origin]
_EMBED_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:", *(f"https://{o}" for o in _MEDIA_ORIGINS)],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "frame-src": _EMBED_ORIGINS,
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
# The Wagtail admin uses inline scripts and styles; it still loads nothing
# from other origins, and may frame only itself (page previews).
PORTAL_ADMIN_CSP = {
    "default-src": [CSP_SELF],
    "script-src": [CSP_SELF, CSP_UNSAFE_INLINE],
    "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
    "img-src": [CSP_SELF, "data:", "blob:", *(f"https://{o}" for o in _MEDIA_ORIGINS)],
    "font-src": [CSP_SELF, "data:"],
    "connect-src": [CSP_SELF],
    "frame-src": [CSP_SELF, *_EMBED_ORIGINS],
    "object-src": [CSP_NONE],
    "base-uri": [CSP_SELF],
    "form-action": [CSP_SELF],
    "frame-ancestors": [CSP_SELF],
}

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
    # Private calendar tokens never reach a log line (see SECURITY PR-7).
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
