"""The public read-only API at /api/v2/: Wagtail's pages endpoint and the
endpoints the apps add through ``portal.extensions.api_endpoints``."""
