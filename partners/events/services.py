"""The only ways shared events and private calendar links change.

``event_save`` derives what a save needs (slug, UID, cancellation time,
SEQUENCE, the end of the last date and the VEVENTs stored for the feeds)
and writes the event once; the cached feeds follow through the post_save
signal (receivers.py).
"""

import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from partners.events import occurrences, recurrence, registration
from partners.events.choices import EventStatus
from partners.events.ical import serialised_vevents
from partners.events.models import (
    RESERVED_SLUGS,
    SEQUENCE_FIELDS,
    CalendarToken,
    Event,
    OccurrenceChange,
)

# Always written with the event (they are derived on every save).
DERIVED_FIELDS = (
    "sequence",
    "last_end",
    "cancelled_at",
    "updated_at",
    "ical_cache",
    "date_changes",
)


def _unique_slug(event):
    base = slugify(event.title)[:100] or "acara"
    if base in RESERVED_SLUGS:
        base = f"{base}-acara"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exclude(pk=event.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _changed_for_subscribers(event):
    loaded = getattr(event, "_loaded", None)
    if not loaded:
        return False
    return any(name in loaded and loaded[name] != getattr(event, name) for name in SEQUENCE_FIELDS)


def _vevents(event):
    try:
        return serialised_vevents(event)
    except (OverflowError, ValueError):
        # Dates no calendar can hold (written around the form): no stored
        # VEVENT, and the feeds leave the event out.
        return {}


def event_save(event, *, update_fields=None):
    """Save ``event`` (new or changed) with everything derived from it, in
    one write. SEQUENCE grows when something subscribers see changed since
    the event was read (RFC 5545 3.8.7.4). Returns the event."""
    if not event.slug:
        event.slug = _unique_slug(event)
    if not event.uid:
        host = urlsplit(settings.BASE_URL).hostname or "mitra-pustaka"
        event.uid = f"event-{uuid.uuid4()}@{host}"
    newly_cancelled = event.status == EventStatus.CANCELLED and not event.cancelled_at
    if newly_cancelled:
        event.cancelled_at = timezone.now()
    elif event.status != EventStatus.CANCELLED:
        event.cancelled_at = None
    # Single dates changed in the admin (saved with the event by its form):
    # a change to them is a change subscribers must notice.
    event.date_changes = (
        occurrences.derive(event, event.occurrence_changes.all()) if event.rrule else {}
    )
    if event.pk and _changed_for_subscribers(event):
        event.sequence += 1
    event.last_end = recurrence.last_end(event)
    # The stored VEVENTs carry LAST-MODIFIED: the row gets the same instant.
    event.updated_at = timezone.now()
    event.ical_cache = _vevents(event)
    if update_fields is not None:
        update_fields = {*update_fields, *DERIVED_FIELDS}
    event.save(update_fields=update_fields)
    event.snapshot()
    if newly_cancelled:
        # Everyone signed up hears of it (e-mail with STATUS:CANCELLED).
        registration.event_cancelled(event)
    return event


def event_cancel(event):
    """Cancel ``event``: it stays in the feeds, marked CANCELLED, for
    CANCELLED_KEPT_DAYS, so subscribed calendars drop it."""
    event.status = EventStatus.CANCELLED
    return event_save(event)


def event_ical_cache_refresh(event):
    """Store ``event``'s VEVENTs afresh (after the site's address or the
    VEVENT format changed); nothing else of the event changes."""
    event.ical_cache = _vevents(event)
    Event.objects.filter(pk=event.pk).update(ical_cache=event.ical_cache)
    return event


def calendar_token_issue(*, user):
    """A new private calendar token for ``user``; the previous one stops
    working at once. Only its hash is stored: the token is returned once."""
    token = secrets.token_urlsafe(CalendarToken.TOKEN_BYTES)
    CalendarToken.objects.update_or_create(
        user=user, defaults={"token_hash": CalendarToken.hash(token)}
    )
    return token


def event_date_change(event, *, occurrence_date, **values):
    """Change one date of the series ``event``: its OccurrenceChange for
    ``occurrence_date`` made or updated with ``values`` (``new_date``,
    ``new_start_time``, ``new_end_time``, ``venue``, ``address``, ``note``,
    ``is_cancelled``), checked as the admin checks it (ValidationError with
    the messages otherwise), then the event saved (SEQUENCE grows). Returns
    the change."""
    from django.core.exceptions import ValidationError

    change = event.occurrence_changes.filter(occurrence_date=occurrence_date).first()
    if change is None:
        change = OccurrenceChange(event=event, occurrence_date=occurrence_date)
    for name, value in values.items():
        setattr(change, name, value)
    others = [other for other in event.occurrence_changes.all() if other.pk != change.pk]
    problems = occurrences.check(event, [change, *others])
    mine = [message for index, _field, message in problems if index == 0]
    if mine:
        raise ValidationError(mine)
    change.save()
    event_save(event)
    return change
