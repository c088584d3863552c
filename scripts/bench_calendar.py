#!/usr/bin/env python
"""Benchmark the public iCal feed with 5,000 shared events.

    DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python scripts/bench_calendar.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mitra_pustaka \
        DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python scripts/bench_calendar.py

By default it creates a scratch database (migrated from scratch, dropped at
the end). With ``--in-place`` it uses the configured database instead,
inside a transaction that is rolled back. It then times the feed
``/acara/feed.ics`` through the whole Django stack: cold (cache emptied
before each run, so the calendar is assembled from the VEVENTs each event
stored when saved), warm (served from the cache), and once with no stored
VEVENT usable (every event serialised afresh), and counts the SQL queries.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


class Rollback(Exception):
    pass


def seed(count):
    """``count`` events across WIB, WITA, WIT and Amsterdam; every tenth a
    monthly series with a date left out, every fiftieth cancelled."""
    import uuid
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from partners.events import recurrence
    from partners.events.models import Event
    from partners.events.services import event_ical_cache_refresh
    from partners.models import Institution

    partners = [
        Institution.objects.create(
            name=f"Perpustakaan Uji {n}",
            slug=f"uji-bench-{n}",
            kind="public",
            province="JB",
            is_verified=True,
        )
        for n in range(5)
    ]
    zones = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Europe/Amsterdam"]
    today = timezone.localdate()
    now = timezone.now()
    events = []
    for n in range(count):
        zone = zones[n % len(zones)]
        day = today + datetime.timedelta(days=n % 300)
        start = datetime.datetime.combine(day, datetime.time(8 + n % 9), tzinfo=ZoneInfo(zone))
        end = start + datetime.timedelta(hours=2)
        series = n % 10 == 0
        events.append(
            Event(
                title=f"Kegiatan literasi nomor {n}: membaca, menulis; berdiskusi",
                slug=f"bench-{n}",
                summary="Kegiatan literasi bersama perpustakaan mitra. " * 3,
                description="Uraian kegiatan yang cukup panjang untuk dilipat. " * 4,
                kind="workshop",
                mode="hybrid",
                venue="Open Library, Telkom University",
                address="Jl. Telekomunikasi No. 1, Bandung",
                online_url="https://meet.example/bench",
                time_zone=zone,
                start=start,
                end=end,
                rrule="FREQ=MONTHLY;COUNT=12" if series else "",
                exdates=(day + datetime.timedelta(days=62)).isoformat() if series else "",
                last_end=None if series else end,
                status="cancelled" if n % 50 == 0 else "scheduled",
                cancelled_at=now if n % 50 == 0 else None,
                uid=f"event-{uuid.uuid4()}@bench.example",
            )
        )
    created = Event.objects.bulk_create(events, batch_size=500)
    through = Event.partners.through
    through.objects.bulk_create(
        [through(event_id=e.pk, institution_id=partners[i % 5].pk) for i, e in enumerate(created)],
        batch_size=1000,
    )
    # What event_save() does for each event: the real last date of a series
    # and the VEVENTs stored for the feeds.
    for event in Event.objects.exclude(rrule=""):
        Event.objects.filter(pk=event.pk).update(last_end=recurrence.last_end(event))
    for event in Event.objects.all():
        event_ical_cache_refresh(event)
    return len(created)


def measure(runs):
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "feeds": None}
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    url = "/acara/feed.ics"

    def timed():
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            cpu.append(time.process_time() - cpu_started)
        if response.status_code != 200:
            raise SystemExit(f"The feed answered {response.status_code}.")
        return elapsed, len(queries), response

    cold, warm, cpu = [], [], []
    for _ in range(runs):
        cache.clear()
        cold.append(timed())
        warm.append(timed())
    # Once more with no usable stored VEVENT (as after a change of
    # DJANGO_BASE_URL): every event is serialised afresh.
    base_url = settings.BASE_URL
    settings.BASE_URL = "https://elsewhere.example"
    cache.clear()
    fresh = timed()
    settings.BASE_URL = base_url
    cache.clear()
    timed()
    body = cold[-1][2].content
    etag = cold[-1][2]["ETag"]
    with CaptureQueriesContext(connection) as conditional_queries:
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    import icalendar

    parsed = icalendar.Calendar.from_ical(body)
    return {
        "vevents": len(parsed.events),
        "bytes": len(body),
        "cold_ms": [round(t * 1000) for t, _q, _r in cold],
        "cold_median_ms": round(statistics.median(t for t, _q, _r in cold) * 1000),
        "cold_cpu_median_ms": round(statistics.median(cpu[0 : 2 * runs : 2]) * 1000),
        "cold_queries": cold[-1][1],
        "no_stored_vevents_ms": round(fresh[0] * 1000),
        "warm_median_ms": round(statistics.median(t for t, _q, _r in warm) * 1000, 1),
        "warm_queries": warm[-1][1],
        "conditional_status": not_modified.status_code,
        "conditional_queries": len(conditional_queries),
    }


def profile_cold_build():
    import cProfile
    import pstats

    from django.core.cache import cache

    from partners.events.feeds import build_feed
    from partners.events.models import Event

    cache.clear()
    profiler = cProfile.Profile()
    profiler.enable()
    build_feed(Event.objects.public(), name="Profil")
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile one cold build")
    parser.add_argument(
        "--in-place", action="store_true", help="use the configured database, rolled back"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    settings.DEBUG = False
    scratch = None
    if not args.in_place:
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test_settings["NAME"] = str(
                Path(tempfile.gettempdir()) / "mitra-bench-calendar.sqlite3"
            )
        else:
            test_settings["NAME"] = f"bench_{connection.settings_dict['NAME']}"
        print("Creating a scratch database (migrating, about a minute)...", flush=True)
        scratch = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            created = seed(args.events)
            print(
                f"Seeded {created} events in {time.perf_counter() - started:.1f} s "
                f"({connection.vendor}).",
                flush=True,
            )
            results = measure(args.runs)
            if args.profile:
                profile_cold_build()
            for key, value in results.items():
                print(f"  {key:22} {value}")
            print(f"  {'load_average':22} {os.getloadavg()}")
            raise Rollback
    except Rollback:
        pass
    finally:
        if scratch is not None:
            connection.creation.destroy_test_db(scratch, verbosity=0)


if __name__ == "__main__":
    main()
