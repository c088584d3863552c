"""Wagtail (https://docs.wagtail.org/en/stable/reference/settings.html)."""

from portal.utils.env import env_str

from .env import BASE_URL
from .i18n import LANGUAGES

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
# Site search (portal/search): the database backend is PostgreSQL full-text
# search in production and SQLite FTS5 on a quick start. PostgreSQL stems with
# its Indonesian configuration (shipped since PostgreSQL 12: "kesehatan" finds
# "sehat", "perpustakaan" finds "pustaka"); one configuration serves the whole
# index, and English words pass through it almost unchanged. After changing it,
# rebuild the index: `manage.py update_index`. SQLite ignores it.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": env_str("DJANGO_SEARCH_CONFIG", "indonesian"),
    }
}
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
# E-mail addresses change on the portal's account page, where allauth verifies
# them; the admin's account page edits the full name (portal/admin_account.py).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# The admin's time-zone menu offers the portal's zones (portal.choices.TimeZone).
# Wagtail's default, every name zoneinfo finds on the server, includes
# "localtime" (a file of the system's tz database, not a zone name), which the
# browser refuses: "Invalid time zone specified: localtime".
WAGTAIL_USER_TIME_ZONES = [
    "Asia/Jakarta",
    "Asia/Makassar",
    "Asia/Jayapura",
    "Asia/Kuala_Lumpur",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Amsterdam",
    "UTC",
]
