"""Test run: fast hashing, local memory cache, in-memory mail, no HTTPS."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, FRAGMENT_CACHE

DEBUG = False
SECRET_KEY = "test-only-not-secret-9d1c3e5a7b9f1d3c5e7a9b1d3f5a7c9e1b3d5f7a9c1e3b5d"  # noqa: S105  # nosec B105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, **FRAGMENT_CACHE}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(PRIVATE_MEDIA_ROOT),
            "base_url": "/private-media-is-not-served/",
        },
    },
}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}

# Tests that are about MFA turn it on with override_settings.
PORTAL_STAFF_MFA_REQUIRED = False
DB_STATEMENT_TIMEOUT_MS = 60_000

# Tests about the page cache turn it on themselves.
PORTAL_PAGE_CACHE_SECONDS = 0

# A file, not SQLite's in-memory database: the live server thread of the
# browser tests and serialized rollbacks then see one and the same database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per run, so two runs in one checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
