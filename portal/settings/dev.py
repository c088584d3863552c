"""Local development: DEBUG on, a fixed key, mail on the console."""

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_list, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY", "dev-only-not-secret-4b8f0c7a1e2d4f6a9c3b5e7d1f2a4c6e8b0d2f4a6c8e"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The local demo opens the admin without TOTP; production requires it.
PORTAL_STAFF_MFA_REQUIRED = env_bool("DJANGO_STAFF_MFA_REQUIRED", False)

# Off while developing (templates change); production caches for 10 minutes.
PORTAL_PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 0)
