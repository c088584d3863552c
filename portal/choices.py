from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")


class TimeZone(models.TextChoices):
    """Indonesia's three zones first, then a few that partners abroad use."""

    WIB = "Asia/Jakarta", _("WIB (Western Indonesia, UTC+7)")
    WITA = "Asia/Makassar", _("WITA (Central Indonesia, UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (Eastern Indonesia, UTC+9)")
    KUALA_LUMPUR = "Asia/Kuala_Lumpur", _("Kuala Lumpur (UTC+8)")
    SINGAPORE = "Asia/Singapore", _("Singapore (UTC+8)")
    TOKYO = "Asia/Tokyo", _("Tokyo (UTC+9)")
    SYDNEY = "Australia/Sydney", _("Sydney (daylight saving)")
    AMSTERDAM = "Europe/Amsterdam", _("Amsterdam (daylight saving)")
    UTC = "UTC", _("UTC")
