"""Shared events as iCalendar: single events and the items of members'
private feeds. Pure: events in, CalendarItem values and bytes out; nothing
cached and nothing written here (the stored VEVENTs are made by
services.event_save; the public feeds are assembled and cached in feeds.py).
"""

import dataclasses
import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from partners.events import recurrence
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
    """The event's VEVENT; for a series, its rule (see event_calendar_items
    for the dates changed one by one)."""
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


def _override_item(event, series, occurrence):
    """A changed date of a series: a VEVENT with the series' UID and
    RECURRENCE-ID, the start the rule gave that date (RFC 5545 3.8.4.4)."""
    if event.all_day:
        original, start, end = (
            occurrence.original_start.date(),
            occurrence.start.date(),
            occurrence.end.date(),
        )
    else:
        original, start, end = occurrence.original_start, occurrence.start, occurrence.end
    summary = event.title
    description = series.description
    if occurrence.note:
        summary = f"{event.title} ({occurrence.note})"
        description = f"{occurrence.note}\n\n{description}"
    location = series.location
    if occurrence.venue or occurrence.address:
        location = ", ".join(part for part in (occurrence.venue, occurrence.address) if part)
    return dataclasses.replace(
        series,
        summary=summary,
        description=description,
        location=location,
        start=start,
        end=end,
        recurrence_id=original,
        rrule="",
        exdates=(),
    )


def event_calendar_items(event, *, alarm=False):
    """The event as calendar items: the event (or the series' rule) and an
    override for each date of the series changed but not cancelled
    (cancelled dates are EXDATEs of the rule: every calendar app drops
    those, while a STATUS:CANCELLED override is shown by some). With
    ``alarm``, each carries a reminder (EVENTS_ALARM_MINUTES before)."""
    series = event_calendar_item(event)
    items = [series]
    for occurrence in recurrence.date_changes(event).values():
        if not occurrence.is_cancelled:
            items.append(_override_item(event, series, occurrence))
    minutes = getattr(settings, "EVENTS_ALARM_MINUTES", 0)
    if alarm and minutes > 0:
        before = datetime.timedelta(minutes=minutes)
        items = [
            dataclasses.replace(
                item,
                alarm_before=before,
                alarm_text=_("Reminder: %(title)s") % {"title": item.summary},
            )
            for item in items
        ]
    return items


def event_vevents_bytes(event):
    """The event's VEVENTs (the series and its changed dates), serialised."""
    return b"".join(vevent_bytes(item) for item in event_calendar_items(event))


def serialised_vevents(event):
    """The event's VEVENTs in every language, as stored in ``ical_cache``."""
    data = {"v": ICAL_FORMAT, "base": settings.BASE_URL}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            data[code] = event_vevents_bytes(event).decode()
    return data


def active_language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def event_vevent(event, *, language=None):
    """The stored VEVENT when it is current, else a fresh one."""
    stored = stored_vevent(event.ical_cache, language or active_language())
    return stored if stored is not None else event_vevents_bytes(event)


def event_ics(event):
    """The event's own .ics file (downloads and e-mails), with a reminder."""
    return build_calendar(
        event_calendar_items(event, alarm=True), name=event.title, method="PUBLISH"
    )


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
