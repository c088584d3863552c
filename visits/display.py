"""How visit times and lengths read, in the venue's own time zone.

Pure functions (no database): the template tags in
``visits/templatetags/visits_tags.py``, the admin listing and the e-mails all
go through them, so a visit time reads the same everywhere, e.g.
"Rabu, 9 Desember 2026, 09.00–11.00 WIB" or
"Wednesday 9 December 2026, 09:00–11:00 WIB".
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat, translation
from django.utils.translation import ngettext

from portal.utils.dates import zone_label

__all__ = [
    "display_format",
    "format_duration",
    "format_visit_time",
    "visit_time_zone",
    "zone_label",
]

# Django's DATE_FORMAT abbreviates months ("9 Des. 2026") and has no weekday;
# a visit time wants both in full. Other languages read like English.
FORMATS = {
    "id": {"day": "j F Y", "date": "l, j F Y", "time": "H.i"},
    "en": {"day": "j F Y", "date": "l j F Y", "time": "H:i"},
}


def _formats(language):
    return FORMATS.get((language or "en").split("-")[0], FORMATS["en"])


def display_format(kind, *, language=None):
    """The format string for ``kind`` ("day", "date" with weekday, "time")."""
    return _formats(language or translation.get_language())[kind]


def visit_time_zone(visit):
    """The IANA zone a visit's times are shown in: its venue's, else the portal's."""
    venue = visit.venue if visit.venue_id else None
    return venue.time_zone if venue else settings.TIME_ZONE


def format_visit_time(start, end=None, *, time_zone, language=None):
    """``start``–``end`` (or the moment ``start``) as a person reads it in ``time_zone``.

    The day once when both ends fall on it, the zone's short name (WIB, WITA,
    WIT...) at the end. ``language`` defaults to the active one.
    """
    language = language or translation.get_language()
    zone = zoneinfo.ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
    formats = _formats(language)
    with translation.override(language):
        start = start.astimezone(zone)
        day = dateformat.format(start, formats["date"])
        begins = dateformat.format(start, formats["time"])
        if end is None:
            return f"{day}, {begins} {zone_label(start)}"
        end = end.astimezone(zone)
        ends = dateformat.format(end, formats["time"])
        if end.date() == start.date():
            return f"{day}, {begins}–{ends} {zone_label(end)}"
        return (
            f"{day}, {begins} – {dateformat.format(end, formats['date'])}, {ends} {zone_label(end)}"
        )


def format_duration(value, *, language=None):
    """A length such as "2 jam", "1 hour 30 minutes" (never "2:00:00")."""
    language = language or translation.get_language()
    minutes = max(int(value / datetime.timedelta(minutes=1)), 0)
    hours, minutes = divmod(minutes, 60)
    with translation.override(language):
        parts = []
        if hours:
            parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
        if minutes or not hours:
            parts.append(
                ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
            )
        return " ".join(parts)
