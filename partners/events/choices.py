from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TALK = "talk", _("Talk or seminar")
    READING_CLUB = "reading-club", _("Reading club")
    TRAINING = "training", _("Training")
    EXHIBITION = "exhibition", _("Exhibition")
    COMPETITION = "competition", _("Competition")
    OTHER = "other", _("Other")


class EventMode(models.TextChoices):
    ON_SITE = "on-site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("event status", "Scheduled")
    POSTPONED = "postponed", pgettext_lazy("event status", "Postponed")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class EventLanguage(models.TextChoices):
    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")
    BILINGUAL = "id-en", _("Indonesian and English")


# iCalendar STATUS for each of ours (RFC 5545 3.8.1.11).
ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
