"""Shared events as iCalendar: single events, public feeds and the items of
members' private feeds. Pure data in, CalendarItem/bytes out; caching of
the public feeds lives here too."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.calendars import (
    CalendarItem,
    assemble_calendar,
    build_calendar,
    calendar_span,
    vevent_bytes,
)

FEED_VERSION_KEY = "events:feed-version"
FEED_CACHE_SECONDS = 24 * 3600
FEED_MAX_EVENTS = 5000
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


def _language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def event_vevent(event, *, language=None):
    """The stored VEVENT when it is current, else a fresh one."""
    stored = _stored(event.ical_cache, language or _language())
    return stored if stored is not None else vevent_bytes(event_calendar_item(event))


def event_ics(event):
    return build_calendar([event_calendar_item(event)], name=event.title, method="PUBLISH")


# -- public feeds, cached until an event changes ------------------------------


def feed_version():
    version = cache.get(FEED_VERSION_KEY)
    if version is None:
        cache.add(FEED_VERSION_KEY, 1, timeout=None)
        version = cache.get(FEED_VERSION_KEY, 1)
    return version


def bump_feed_version(**_kwargs):
    """Invalidate every cached feed, now and again once the transaction
    commits (so a feed rebuilt meanwhile from uncommitted-to-others data
    is not kept)."""

    def bump():
        try:
            cache.incr(FEED_VERSION_KEY)
        except ValueError:
            cache.add(FEED_VERSION_KEY, 2, timeout=None)

    bump()
    transaction.on_commit(bump)


@dataclass(frozen=True)
class FeedPayload:
    body: bytes
    etag: str
    last_modified: datetime.datetime | None
    count: int


def _stored(stored, language):
    if (
        stored
        and stored.get("v") == ICAL_FORMAT
        and stored.get("base") == settings.BASE_URL
        and language in stored
    ):
        return stored[language].encode()
    return None


def build_feed(queryset, *, name, now=None):
    """A feed of ``queryset`` (a window around today, at most FEED_MAX_EVENTS).

    Three queries whatever the number of events: the window's dates (for the
    VTIMEZONE span and Last-Modified), the zones used, and each event's
    stored VEVENT in the active language, extracted by the database from
    ``ical_cache``. Only events whose stored VEVENT is missing or stale are
    loaded and serialised afresh.
    """
    from django.db.models import Count, Max, Min, Q
    from django.db.models.fields.json import KT
    from django.db.models.functions import Coalesce

    from partners.events.models import Event

    now = now or timezone.now()
    language = _language()
    window = queryset.in_feed(now=now)
    summary = window.aggregate(
        first=Min("start"),
        last=Max(Coalesce("last_end", "end")),
        open_ended=Count("pk", filter=Q(last_end__isnull=True)),
        modified=Max("updated_at"),
    )
    zones = set(
        window.filter(all_day=False).order_by().values_list("time_zone", flat=True).distinct()
    )
    rows = list(
        window.order_by("start", "pk").values_list(
            "pk", KT(f"ical_cache__{language}"), KT("ical_cache__v"), KT("ical_cache__base")
        )[:FEED_MAX_EVENTS]
    )
    current = (str(ICAL_FORMAT), settings.BASE_URL)
    vevents, stale = [], {}
    for index, (pk, vevent, version, base) in enumerate(rows):
        if vevent and (str(version), base) == current:
            vevents.append(vevent.encode())
        else:
            vevents.append(None)
            stale[pk] = index
    if stale:
        for event in Event.objects.filter(pk__in=list(stale)):
            vevents[stale[event.pk]] = vevent_bytes(event_calendar_item(event))
    body = assemble_calendar(
        vevents,
        name=name,
        time_zones=zones - {"UTC"},
        span=calendar_span(
            [summary["first"]] if summary["first"] else [],
            [summary["last"]] if summary["last"] else [],
            open_ended=bool(summary["open_ended"]),
        ),
    )
    etag = hashlib.sha256(body).hexdigest()[:32]
    return FeedPayload(body=body, etag=etag, last_modified=summary["modified"], count=len(rows))


def cached_feed(*, key, queryset, name):
    """The feed ``key`` from the cache, built when an event changed since.

    The cache key holds the feed version (bumped by any change to an event
    or an institution), the language and today's date (cancelled events
    leave the feeds after a while, and the window moves).
    """
    today = timezone.localdate().isoformat()
    cache_key = f"events:feed:{feed_version()}:{_language()}:{today}:{key}"
    payload = cache.get(cache_key)
    if payload is None:
        payload = build_feed(queryset, name=name)
        cache.set(cache_key, payload, FEED_CACHE_SECONDS)
    return payload
