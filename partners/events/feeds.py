"""The public feeds of shared events: assembled from the VEVENTs stored
with each event, and cached until an event or an institution changes."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone

from partners.events.ical import ICAL_FORMAT, active_language, event_vevents_bytes
from partners.events.models import Event
from portal.calendars import assemble_calendar, calendar_span

FEED_VERSION_KEY = "events:feed-version"
FEED_CACHE_SECONDS = 24 * 3600
FEED_MAX_EVENTS = 5000


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


def build_feed(queryset, *, name, description=None, now=None):
    """A feed of ``queryset`` (a window around today, at most FEED_MAX_EVENTS).

    Three queries whatever the number of events: the window's dates (for the
    VTIMEZONE span and Last-Modified), the zones used, and each event's
    stored VEVENT in the active language, extracted by the database from
    ``ical_cache``. Only events whose stored VEVENT is missing or stale are
    loaded and serialised afresh.
    """
    now = now or timezone.now()
    language = active_language()
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
            vevents[stale[event.pk]] = event_vevents_bytes(event)
    body = assemble_calendar(
        vevents,
        name=name,
        description=description,
        time_zones=zones - {"UTC"},
        span=calendar_span(
            [summary["first"]] if summary["first"] else [],
            [summary["last"]] if summary["last"] else [],
            open_ended=bool(summary["open_ended"]),
        ),
    )
    etag = hashlib.sha256(body).hexdigest()[:32]
    return FeedPayload(body=body, etag=etag, last_modified=summary["modified"], count=len(rows))


def cached_feed(*, key, queryset, name, description=None):
    """The feed ``key`` from the cache, built when an event changed since.

    The cache key holds the feed version (bumped by any change to an event
    or an institution), the language and today's date (cancelled events
    leave the feeds after a while, and the window moves).
    """
    today = timezone.localdate().isoformat()
    cache_key = f"events:feed:{feed_version()}:{active_language()}:{today}:{key}"
    payload = cache.get(cache_key)
    if payload is None:
        payload = build_feed(queryset, name=name, description=description)
        cache.set(cache_key, payload, FEED_CACHE_SECONDS)
    return payload
