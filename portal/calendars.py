"""Calendar items shared by every feature that puts something in a calendar,
and the one builder of iCalendar files (one PRODID for the whole portal).

Shared events (partners.events) and scheduled visits (visits) both appear in
a partner member's private feed. Each feature turns its records into
``CalendarItem`` values and offers them through the
``private_calendar_items`` extension point (portal.extensions). Invitations
to a visit (visits.invitations) are built here too, with an organizer and
attendees.
"""

import datetime
import functools
import logging
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalendarPerson:
    """An organizer or attendee of an invitation."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarItem:
    uid: str  # stable for the life of the record, e.g. "visit-42@mitra-pustaka"
    summary: str
    start: datetime.datetime | datetime.date  # aware datetime, or a date for all-day
    end: datetime.datetime | datetime.date
    time_zone: str  # IANA name the times are shown in, e.g. "Asia/Makassar"
    sequence: int  # grows on every change subscribers should notice
    last_modified: datetime.datetime
    url: str = ""
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"  # or "TENTATIVE", "CANCELLED"
    rrule: str = ""  # e.g. "FREQ=MONTHLY;BYDAY=2SA"
    exdates: tuple[datetime.datetime, ...] = field(default_factory=tuple)
    # For invitations (METHOD:REQUEST or CANCEL, RFC 5546): who invites, and
    # who is invited (each a required participant whose answer is not asked).
    organizer: CalendarPerson | None = None
    attendees: tuple[CalendarPerson, ...] = field(default_factory=tuple)
    # An override of one date of a series (same UID as the series): the
    # start that date had by the rule (RFC 5545 RECURRENCE-ID).
    recurrence_id: datetime.datetime | datetime.date | None = None
    # A reminder this long before the start (VALARM, ACTION:DISPLAY) with
    # this text; files people download carry one, subscribed feeds do not.
    alarm_before: datetime.timedelta | None = None
    alarm_text: str = ""


# ---------------------------------------------------------------------------
# Building iCalendar files (RFC 5545) from CalendarItem values.
# ---------------------------------------------------------------------------

PRODID = "-//Mitra Pustaka//Kalender Mitra Pustaka//ID"
REFRESH_INTERVAL = datetime.timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"
_END = b"END:VCALENDAR\r\n"


def _text(value):
    """Calendar text with every line break as LF: icalendar then escapes it
    as ``\\n``, so no bare CR can end a content line early."""
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _in_zone(value, zone):
    if isinstance(value, datetime.datetime):
        return value.astimezone(zone)
    return value  # a date: all-day


def _utc(value):
    return value.astimezone(datetime.UTC)


def _address(person):
    from icalendar import vCalAddress, vText

    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = vText(person.name)
    return address


def _vevent(item, *, dtstamp):
    from zoneinfo import ZoneInfo

    from icalendar import Event, vRecur

    zone = ZoneInfo(item.time_zone or "UTC")
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", _utc(dtstamp or item.last_modified))
    event.add("last-modified", _utc(item.last_modified))
    event.add("sequence", item.sequence)
    event.add("summary", _text(item.summary))
    event.add("dtstart", _in_zone(item.start, zone))
    event.add("dtend", _in_zone(item.end, zone))
    event.add("status", item.status)
    if item.recurrence_id is not None:
        event.add("recurrence-id", _in_zone(item.recurrence_id, zone))
    if item.rrule:
        event.add("rrule", vRecur.from_ical(item.rrule))
    if item.exdates:
        event.add("exdate", [_in_zone(value, zone) for value in item.exdates])
    if item.description:
        event.add("description", _text(item.description))
    if item.location:
        event.add("location", _text(item.location))
    if item.url:
        event.add("url", item.url)
    if item.organizer:
        event.add("organizer", _address(item.organizer))
    for person in item.attendees:
        attendee = _address(person)
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["partstat"] = "NEEDS-ACTION"
        attendee.params["rsvp"] = "FALSE"
        event.add("attendee", attendee, encode=0)
    if item.alarm_before is not None:
        event.add_component(_valarm(item))
    return event


def _valarm(item):
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(item.alarm_text or item.summary))
    alarm.add("trigger", -item.alarm_before)
    return alarm


def _date_of(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def vevent_bytes(item, *, dtstamp=None):
    """One VEVENT, serialised by icalendar (lines folded, CRLF)."""
    return _vevent(item, dtstamp=dtstamp).to_ical()


def zones_used(items):
    """TZIDs the items' times refer to (all-day dates and UTC need none)."""
    return {
        item.time_zone
        for item in items
        if isinstance(item.start, datetime.datetime) and item.time_zone not in ("", "UTC")
    }


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid, first_year, last_year):
    from icalendar import Timezone

    return Timezone.from_tzid(
        tzid,
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year, 1, 1),
    )


def calendar_span(starts, ends, *, open_ended=False):
    """(first_year, last_year) the VTIMEZONEs must cover: whole years, so
    the same zone data is reused from one build to the next. Kept within
    the years a date can have (1 to 9999), whatever the items hold."""
    today = datetime.date.today()
    first = min((_date_of(value) for value in starts), default=today)
    last = max((_date_of(value) for value in ends), default=today)
    if open_ended:
        last = max(last, today)
    return max(first.year - 1, datetime.MINYEAR), min(last.year + 2, datetime.MAXYEAR)


def assemble_calendar(vevents, *, name=None, description=None, time_zones, span, method=None):
    """A calendar from serialised VEVENTs (see ``vevent_bytes``).

    With a ``name`` it is a calendar to subscribe to (NAME, X-WR-CALNAME and
    how often to refresh it: REFRESH-INTERVAL of RFC 7986 and Apple's and
    Outlook's X-PUBLISHED-TTL); without, a file such as an invitation. A
    ``description`` says what it holds (DESCRIPTION and X-WR-CALDESC).

    ``time_zones`` are the TZIDs used (a VTIMEZONE is added for each,
    covering the years of ``span``); the header and the VTIMEZONEs are
    made by icalendar too. This is what keeps large feeds fast: each
    event's VEVENT can be serialised once and kept.
    """
    from icalendar import Calendar, vDuration, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name is not None:
        calendar.add("name", vText(_text(name)))
        calendar.add("x-wr-calname", vText(_text(name)))
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    if description:
        calendar.add("description", vText(_text(description)))
        calendar.add("x-wr-caldesc", vText(_text(description)))
    for tzid in sorted(time_zones):
        calendar.add_component(_vtimezone(tzid, *span))
    head = calendar.to_ical()
    if not head.endswith(_END):
        raise ValueError("Unexpected calendar serialisation.")
    return b"".join([head[: -len(_END)], *vevents, _END])


def build_calendar(items, *, name=None, description=None, method=None):
    """Serialise ``items`` (CalendarItem values) as an iCalendar file.

    The calendar carries PRODID, VERSION, and, when given, NAME and
    X-WR-CALNAME (``name``) with REFRESH-INTERVAL, DESCRIPTION and
    X-WR-CALDESC (``description``), and METHOD (e.g.
    "PUBLISH", or "REQUEST" and "CANCEL" for an invitation, which has no
    name). Each VEVENT gets its stable UID, DTSTAMP, LAST-MODIFIED,
    SEQUENCE, STATUS, for a series RRULE and EXDATE (an override of one
    date RECURRENCE-ID), a VALARM when the item asks for one, and for an
    invitation ORGANIZER and ATTENDEEs.
    Times keep their zone (TZID) and every zone used gets a VTIMEZONE that
    covers the events. Without METHOD, DTSTAMP is the item's last change,
    so an unchanged calendar serialises to the same bytes. An item whose
    times cannot be expressed is left out (and logged). Returns bytes
    (UTF-8, CRLF line ends, lines folded at 75 octets).
    """
    dtstamp = datetime.datetime.now(datetime.UTC) if method else None
    kept, vevents = [], []
    for item in items:
        try:
            vevents.append(vevent_bytes(item, dtstamp=dtstamp))
        except (OverflowError, ValueError):
            # A time that cannot be put in its zone (beyond year 9999, say):
            # left out, so one bad record never breaks a whole calendar.
            logger.warning("Calendar item %s left out: its dates cannot be expressed.", item.uid)
            continue
        kept.append(item)
    items = kept
    return assemble_calendar(
        vevents,
        name=name,
        description=description,
        time_zones=zones_used(items),
        span=calendar_span(
            [item.start for item in items],
            [item.end for item in items],
            open_ended=any(item.rrule for item in items),
        ),
        method=method,
    )
