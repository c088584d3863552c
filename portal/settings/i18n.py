"""Languages and time."""

from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR

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
