"""Shared events as iCalendar: single events and the items of members'
private feeds. Pure: events in, CalendarItem values and bytes out; nothing
cached and nothing written here (the stored VEVENTs are made by
services.event_save; the public feeds are assembled and cached in feeds.py).
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from portal.calendars import CalendarItem, build_calendar, vevent_bytes

# Bump when event_calendar_item or the VEVENT layout changes: stored
# VEVENTs of an older format are then serialised afresh.
ICAL_FORMAT = 1


def absolute_url(path):
    return f"{settings.BASE_URL}{path}"


def event_description(event):
    parts = [event.summary]
    if event.description:
        parts.append(event.description)
    if event.mode != "on-site" and event.online_url:
        parts.append(_("Online: %(url)s") % {"url": event.online_url})
    if event.registration_url:
        parts.append(_("Registration: %(url)s") % {"url": event.registration_url})
    return "\n\n".join(parts)


def event_calendar_item(event):
    if event.all_day:
        start, end = event.local_start.date(), event.local_end.date()
    else:
        start, end = event.start, event.end
    exdates = event.exdate_instants()
    if event.all_day:
        exdates = tuple(value.date() for value in exdates)
    return CalendarItem(
        uid=event.uid,
        summary=event.title,
        start=start,
        end=end,
        time_zone=event.time_zone,
        sequence=event.sequence,
        last_modified=event.updated_at,
        url=absolute_url(event.get_absolute_url()),
        location=event.location_text,
        description=event_description(event),
        status=event.ical_status,
        rrule=event.rrule,
        exdates=exdates,
    )


def serialised_vevents(event):
    """The event's VEVENT in every language, as stored in ``ical_cache``."""
    data = {"v": ICAL_FORMAT, "base": settings.BASE_URL}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            data[code] = vevent_bytes(event_calendar_item(event)).decode()
    return data


def active_language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def event_vevent(event, *, language=None):
    """The stored VEVENT when it is current, else a fresh one."""
    stored = stored_vevent(event.ical_cache, language or active_language())
    return stored if stored is not None else vevent_bytes(event_calendar_item(event))


def event_ics(event):
    return build_calendar([event_calendar_item(event)], name=event.title, method="PUBLISH")


def stored_vevent(stored, language):
    """The VEVENT kept in ``stored`` (an ``ical_cache``) when it is current."""
    if (
        stored
        and stored.get("v") == ICAL_FORMAT
        and stored.get("base") == settings.BASE_URL
        and language in stored
    ):
        return stored[language].encode()
    return None
