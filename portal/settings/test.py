"""Test run: fast hashing, local memory cache, in-memory mail, no HTTPS."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret-9d1c3e5a7b9f1d3c5e7a9b1d3f5a7c9e1b3d5f7a9c1e3b5d"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}

# Tests that are about MFA turn it on with override_settings.
PORTAL_STAFF_MFA_REQUIRED = False
DB_STATEMENT_TIMEOUT_MS = 60_000
