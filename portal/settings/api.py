"""The public read-only API at /api/v2/ (portal/api): Wagtail's API v2 on
Django REST framework (https://www.django-rest-framework.org/api-guide/settings/)."""

from portal.utils.env import env_int, env_str

# Anonymous and read-only: no session or token is read, so no answer ever
# depends on who asks (and no CSRF token is needed).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "EXCEPTION_HANDLER": "portal.api.base.exception_handler",
}
# Items per page of a listing: ?limit= at most this (Wagtail's setting).
WAGTAILAPI_LIMIT_MAX = 50
# Requests per client address (portal/ratelimit.py); over it, 429.
PORTAL_API_RATE_LIMIT = env_str("DJANGO_RATE_LIMIT_API", "120/m")
# How long browsers and proxies may keep an answer (Cache-Control max-age).
PORTAL_API_CACHE_SECONDS = env_int("DJANGO_API_CACHE_SECONDS", 300)
# The widest date range the events endpoint expands occurrences in.
PORTAL_API_MAX_RANGE_DAYS = 366
