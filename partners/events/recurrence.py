"""Recurrence rules (RFC 5545 RRULE) of shared events, checked and expanded
with python-dateutil, and the dates of events (occurrences, the end of the
last date).

Series are expanded in the event's local wall-clock time (naive datetimes),
then put in the event's zone: a monthly club at 14:00 in Amsterdam stays at
14:00 across the daylight-saving change, as calendar apps show it.
"""

import datetime
import itertools
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import TimeZone

MAX_OCCURRENCES = 1000
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_UNTIL = re.compile(r"(?:^|;)UNTIL=([0-9TZ]+)(?=;|$)")


def _parse_until(value, *, zone):
    """UNTIL as a naive local wall-clock datetime in ``zone``."""
    if re.fullmatch(r"\d{8}", value):
        day = datetime.datetime.strptime(value, "%Y%m%d")
        return day.replace(hour=23, minute=59, second=59)
    if re.fullmatch(r"\d{8}T\d{6}Z", value):
        instant = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
        return instant.astimezone(zone).replace(tzinfo=None)
    if re.fullmatch(r"\d{8}T\d{6}", value):
        return datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
    raise ValueError(value)


def _split(rule_text):
    text = rule_text.strip().upper()
    text = text.removeprefix("RRULE:")
    match = _UNTIL.search(text)
    until = match.group(1) if match else None
    rest = ";".join(part for part in text.split(";") if part and not part.startswith("UNTIL="))
    return rest, until


def build_rule(rule_text, *, local_start, zone_name):
    """A dateutil rule for ``rule_text`` starting at the naive ``local_start``."""
    rest, until = _split(rule_text)
    rule = rrulestr(rest, dtstart=local_start, ignoretz=True)
    if until:
        rule = rule.replace(until=_parse_until(until, zone=ZoneInfo(zone_name)))
    return rule


def normalise_rule(rule_text, *, local_start, zone_name, all_day):
    """Check ``rule_text`` and return it in the form calendar apps expect.

    UNTIL becomes a DATE for all-day series and a UTC time otherwise
    (RFC 5545 3.3.10). Raises ValidationError with a translated message.
    """
    rest, until = _split(rule_text)
    parts = dict(part.partition("=")[::2] for part in rest.split(";") if part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("The repeat rule must start with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.")
        )
    if "COUNT" in parts and until:
        raise ValidationError(_("Give either COUNT or UNTIL in the repeat rule, not both."))
    try:
        rule = build_rule(rule_text, local_start=local_start, zone_name=zone_name)
        first = list(itertools.islice(rule, MAX_OCCURRENCES + 1))
    except (ValueError, TypeError, KeyError, OverflowError):
        raise ValidationError(
            _("This repeat rule is not valid, e.g. FREQ=MONTHLY;BYDAY=2SA;COUNT=6.")
        ) from None
    if not first:
        raise ValidationError(_("This repeat rule gives no date at all."))
    if len(first) > MAX_OCCURRENCES and not is_infinite(rule_text):
        raise ValidationError(
            _("A series may have at most %(count)s dates; add COUNT or UNTIL.")
            % {"count": MAX_OCCURRENCES}
        )
    if until:
        local_until = _parse_until(until, zone=ZoneInfo(zone_name))
        if all_day:
            until = local_until.strftime("%Y%m%d")
        else:
            aware = local_until.replace(tzinfo=ZoneInfo(zone_name)).astimezone(datetime.UTC)
            until = aware.strftime("%Y%m%dT%H%M%SZ")
        rest = f"{rest};UNTIL={until}"
    return rest


def is_infinite(rule_text):
    rest, until = _split(rule_text)
    return not until and "COUNT=" not in rest


def parse_exdates(text):
    """One date (YYYY-MM-DD) per line, or separated by commas."""
    days = []
    for chunk in re.split(r"[\s,;]+", text.strip()):
        if not chunk:
            continue
        try:
            days.append(datetime.date.fromisoformat(chunk))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date; write dates as YYYY-MM-DD, one per line.")
                % {"value": chunk[:20]}
            ) from None
    return sorted(set(days))


def excluded_days(exdates_text):
    """The left-out dates of a series (none when the text is malformed)."""
    try:
        return parse_exdates(exdates_text)
    except ValidationError:
        return []


# -- the dates of an event ------------------------------------------------------
# ``event`` is anything with the fields of partners.events.models.Event (start,
# end, time_zone, rrule, exdates) and its ``zone``, ``local_start``,
# ``local_end`` and ``duration``.


class LocalTimes:
    """``start`` and ``end`` (instants) in the zone named by ``time_zone``:
    events, their dates alone (``EventDates``) and event proposals."""

    __slots__ = ()

    @property
    def zone(self):
        return ZoneInfo(self.time_zone or TimeZone.WIB)

    @property
    def local_start(self):
        return self.start.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.zone)


class EventTimes(LocalTimes):
    """The dates of an event, from its fields ``start``, ``end``,
    ``time_zone``, ``rrule``, ``exdates`` and ``date_changes``: the model
    (partners.events.models.Event) and ``EventDates`` share it."""

    __slots__ = ()

    @property
    def duration(self):
        return self.end - self.start

    def occurrences(self, *, after=None, before=None, limit=MAX_OCCURRENCES):
        """(start, end) pairs in the event's zone, overlapping [after, before]."""
        return occurrences(self, after=after, before=before, limit=limit)

    def occurrence_list(self, *, after=None, before=None, limit=MAX_OCCURRENCES):
        """The dates as Occurrence values, cancelled ones included."""
        return occurrence_list(self, after=after, before=before, limit=limit, cancelled=True)

    def next_occurrence(self, *, now=None):
        return next_occurrence(self, now=now or timezone.now())


class EventDates(EventTimes):
    """Just the dates of one event (no model instance): a list of hundreds of
    events is sorted by their next dates with these, since building as many
    model instances cost more than working out the dates."""

    FIELDS = ("pk", "start", "end", "all_day", "time_zone", "rrule", "exdates", "date_changes")
    __slots__ = (*FIELDS, "next_start", "next_end")

    def __init__(self, *values):
        for name, value in zip(self.FIELDS, values, strict=True):
            setattr(self, name, value)


def event_rule(event):
    return build_rule(
        event.rrule,
        local_start=event.local_start.replace(tzinfo=None),
        zone_name=event.time_zone,
    )


@dataclass(frozen=True)
class Occurrence:
    """One date of an event, in the event's zone. For a date an editor
    changed, ``original_start`` is when the rule put it (its RECURRENCE-ID)
    and the other fields say what differs; empty strings mean "as the series"."""

    start: datetime.datetime
    end: datetime.datetime
    original_start: datetime.datetime
    is_changed: bool = False
    is_moved: bool = False  # another time than the rule's
    is_cancelled: bool = False
    venue: str = ""
    address: str = ""
    note: str = ""


def date_changes(event):
    """{original date: Occurrence} of the series' changed dates, from the
    ``date_changes`` an event keeps (see partners.events.occurrences)."""
    if not event.rrule:
        return {}
    kept = getattr(event, "date_changes", None) or {}
    zone = event.zone
    found = {}
    for day_text, change in kept.items():
        try:
            day = datetime.date.fromisoformat(day_text)
            original = datetime.datetime.fromisoformat(change["original"]).replace(tzinfo=zone)
            start = datetime.datetime.fromisoformat(change["start"]).replace(tzinfo=zone)
            end = datetime.datetime.fromisoformat(change["end"]).replace(tzinfo=zone)
        except (KeyError, TypeError, ValueError):
            continue  # written by hand around the service: ignored
        found[day] = Occurrence(
            start=start,
            end=end,
            original_start=original,
            is_changed=True,
            is_moved=(start, end) != (original, original + event.duration),
            is_cancelled=bool(change.get("cancelled")),
            venue=change.get("venue", ""),
            address=change.get("address", ""),
            note=change.get("note", ""),
        )
    return found


def occurrence_list(event, *, after=None, before=None, limit=MAX_OCCURRENCES, cancelled=False):
    """The event's dates as Occurrence values, by start, overlapping
    [after, before]: a changed date at its new time (and place), a
    cancelled one only with ``cancelled``."""
    if not event.rrule:
        found = [Occurrence(event.local_start, event.local_end, event.local_start)]
    else:
        zone = event.zone
        excluded = set(excluded_days(event.exdates))
        changes = date_changes(event)
        found = []
        length = event.duration
        starts = event_rule(event)
        if after is not None:
            earliest = (after - length).astimezone(zone).replace(tzinfo=None)
            starts = starts.xafter(earliest, inc=True)
        for naive in starts:
            start = naive.replace(tzinfo=zone)
            if naive.date() in excluded or naive.date() in changes:
                continue
            if before is not None and start > before:
                break
            try:
                found.append(Occurrence(start, start + length, start))
            except OverflowError:  # a series running into year 9999
                break
            if len(found) >= limit:
                break
        found += [change for change in changes.values() if cancelled or not change.is_cancelled]
        found.sort(key=lambda occurrence: (occurrence.start, occurrence.original_start))
    return [
        occurrence
        for occurrence in found
        if (after is None or occurrence.end >= after)
        and (before is None or occurrence.start <= before)
    ][:limit]


def occurrences(event, *, after=None, before=None, limit=MAX_OCCURRENCES):
    """(start, end) pairs in the event's zone, overlapping [after, before];
    changed dates at their new times, cancelled ones left out."""
    return [
        (occurrence.start, occurrence.end)
        for occurrence in occurrence_list(event, after=after, before=before, limit=limit)
    ]


def next_occurrence(event, *, now):
    found = occurrences(event, after=now, limit=1)
    return found[0] if found else (event.local_start, event.local_end)


def exdate_instants(event):
    """Start instants of the left-out and cancelled dates, as the series
    would have had them."""
    if not event.rrule:
        return ()
    local = event.local_start
    left_out = [
        datetime.datetime.combine(day, local.time(), tzinfo=event.zone)
        for day in excluded_days(event.exdates)
    ]
    cancelled = [
        change.original_start for change in date_changes(event).values() if change.is_cancelled
    ]
    return tuple(sorted({*left_out, *cancelled}))


def last_end(event):
    """The end of the event's last date; None for a series without an end."""
    if not event.rrule:
        return event.end
    if is_infinite(event.rrule):
        return None
    starts = list(itertools.islice(event_rule(event), MAX_OCCURRENCES))
    if not starts:
        return event.end
    try:
        ends = [starts[-1].replace(tzinfo=event.zone) + event.duration]
    except OverflowError:
        return datetime.datetime.max.replace(tzinfo=datetime.UTC)
    # A date moved past the rule's last one ends the series later.
    ends += [change.end for change in date_changes(event).values() if not change.is_cancelled]
    return max(ends)
