"""Changes to single dates of a series (``OccurrenceChange``): checked
against the series, and turned into what the event keeps for pages and
feeds (``Event.date_changes``, read by ``recurrence.date_changes``).

Pure: an event (saved or not) and its changes in, values out.
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partners.events import recurrence
from partners.events.models.events import FIRST_YEAR, YEARS_AHEAD


def series_start_on(event, day):
    """The naive local start the repeat rule gives on ``day``, or None when
    the rule gives none that day or the date is left out."""
    if not event.rrule or not event.start or day in recurrence.excluded_days(event.exdates):
        return None
    try:
        found = recurrence.event_rule(event).between(
            datetime.datetime.combine(day, datetime.time.min),
            datetime.datetime.combine(day, datetime.time.max),
            inc=True,
        )
    except (ValueError, TypeError, OverflowError):
        return None
    return found[0] if found else None


def new_times(event, change, original):
    """(start, end), naive local, of ``change`` to the date the rule put at
    ``original``: what is left empty stays as the series has it."""
    day = change.new_date or original.date()
    if event.all_day:
        start = datetime.datetime.combine(day, datetime.time())
        return start, start + event.duration
    start = datetime.datetime.combine(day, change.new_start_time or original.time())
    if change.new_end_time:
        return start, datetime.datetime.combine(day, change.new_end_time)
    return start, start + event.duration


def derive(event, changes):
    """What the event keeps of ``changes``: {original date (ISO): values},
    only for dates the series has (a change left behind by a new repeat
    rule is kept in the admin but not shown)."""
    kept = {}
    for change in changes:
        if not change.occurrence_date:
            continue
        original = series_start_on(event, change.occurrence_date)
        if original is None:
            continue
        start, end = new_times(event, change, original)
        kept[change.occurrence_date.isoformat()] = {
            "original": original.isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "cancelled": bool(change.is_cancelled),
            "venue": change.venue,
            "address": change.address,
            "note": change.note,
        }
    return kept


def _when(value, all_day):
    return date_format(value, "DATE_FORMAT" if all_day else "DATETIME_FORMAT")


def check(event, changes):
    """Problems with ``changes`` to ``event`` (its new values, as typed):
    a list of (index in ``changes``, field name or None, message)."""
    problems = []
    seen = {}
    checked = []
    last_year = timezone.localdate().year + YEARS_AHEAD
    for index, change in enumerate(changes):
        day = change.occurrence_date
        if day is None:
            continue
        if not event.rrule:
            problems.append(
                (
                    index,
                    "occurrence_date",
                    _("Only a series has dates to change: give the event a repeat rule first."),
                )
            )
            continue
        if day in seen:
            problems.append(
                (index, "occurrence_date", _("This date already has a change; edit that one."))
            )
            continue
        seen[day] = index
        original = series_start_on(event, day)
        if original is None:
            problems.append(
                (
                    index,
                    "occurrence_date",
                    _("%(date)s is not a date of this series (or it is left out).")
                    % {"date": date_format(day, "DATE_FORMAT")},
                )
            )
            continue
        if not change.changes_anything:
            problems.append(
                (
                    index,
                    None,
                    _(
                        "Say what changes on this date: a new date or time, a venue, a note, "
                        "or tick “cancelled”."
                    ),
                )
            )
            continue
        if change.is_cancelled and change.is_moved:
            problems.append(
                (
                    index,
                    "is_cancelled",
                    _("A cancelled date cannot be moved as well; untick one of the two."),
                )
            )
            continue
        if change.new_date and not FIRST_YEAR <= change.new_date.year <= last_year:
            problems.append(
                (
                    index,
                    "new_date",
                    _("Choose a date between the years %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": last_year},
                )
            )
            continue
        start, end = new_times(event, change, original)
        if end <= start:
            problems.append((index, "new_end_time", _("The end must be after the start.")))
            continue
        first = event.local_start.replace(tzinfo=None)
        if start < first:
            problems.append(
                (
                    index,
                    "new_date",
                    _(
                        "A date cannot move before the first date of the series (%(date)s); "
                        "to start the series earlier, change its start."
                    )
                    % {"date": _when(event.local_start, event.all_day)},
                )
            )
            continue
        checked.append((index, change))
    problems += _collisions(event, checked)
    return problems


def _collisions(event, checked):
    """A moved date must not meet another date of the same series."""
    problems = []
    moved = [(index, change) for index, change in checked if change.is_moved]
    if not moved:
        return problems
    # The series as it would be with every change that passed the checks.
    tentative = SimpleNamespace(
        rrule=event.rrule,
        exdates=event.exdates,
        start=event.start,
        end=event.end,
        all_day=event.all_day,
        time_zone=event.time_zone,
        zone=event.zone,
        local_start=event.local_start,
        local_end=event.local_end,
        duration=event.duration,
        date_changes=derive(event, [change for _index, change in checked]),
    )
    margin = datetime.timedelta(days=1)
    for index, change in moved:
        mine = recurrence.date_changes(tentative).get(change.occurrence_date)
        if mine is None or mine.is_cancelled:
            continue
        around = recurrence.occurrence_list(
            tentative, after=mine.start - margin, before=mine.end + margin
        )
        for other in around:
            if other.original_start == mine.original_start:
                continue
            if other.start < mine.end and mine.start < other.end:
                problems.append(
                    (
                        index,
                        "new_date" if change.new_date else "new_start_time",
                        _(
                            "The series already has a date then (%(when)s); "
                            "choose another day or time."
                        )
                        % {"when": _when(other.start, event.all_day)},
                    )
                )
                break
    return problems
