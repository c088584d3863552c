"""In-process render time of each benchmarked page, page cache off.

Usage (against a database that `make bench` filled, or a copy of it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mitra_pustaka_bench \\
        .venv/bin/python scripts/bench/inprocess.py [N] [--profile LABEL]

Renders each public page, then the pages a signed-in partner member and a
member of staff open (sessions prepared the way dataset.py does), N times
(default 30) through the full middleware with the test client, and prints
the median and the lowest time in ms and the queries of the last render.
Fragment caches stay on (Redis): what a page-cache miss costs on a
warm server. With --profile LABEL, the page with that label is rendered
under cProfile instead and the heaviest functions printed (cumulative and
own time; BENCH_PROFILE_FILE=path also saves the profile). With --queries
LABEL, the SQL of one render of that page is printed.
Timing only: nothing here asserts a speed.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k" * 60)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_BASE_URL", "https://127.0.0.1")
os.environ.setdefault("DJANGO_BEHIND_PROXY", "true")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_RATE_LIMIT_SEARCH", "1000000/m")
os.environ.setdefault("DJANGO_RATE_LIMIT_FEEDS", "1000000/m")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mitra_pustaka_bench")
# Redis as under `make bench`, on a database of its own (BENCH_INPROCESS_REDIS_URL).
os.environ["REDIS_URL"] = os.environ.get("BENCH_INPROCESS_REDIS_URL", "redis://127.0.0.1:6379/12")

import dataset  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402


def public_pages():
    from news.models import NewsIndexPage, NewsPage
    from partners.events.models import Event

    pages = {"home": "/", "partner directory": reverse("partners:directory")}
    index = NewsIndexPage.objects.live().filter(locale__language_code="id").first()
    article = None
    if index is not None:
        article = NewsPage.objects.live().filter(locale=index.locale).order_by("-pk").first()
    if index is not None:
        pages["news index"] = index.url
    if article is not None:
        pages["news article"] = article.url
    pages["events list"] = reverse("events:event-list")
    event = Event.objects.order_by("-pk").first()
    if event is not None and hasattr(event, "get_absolute_url"):
        pages["event page"] = event.get_absolute_url()
    return pages


def client_for(cookie=None):
    extra = {"HTTP_COOKIE": cookie} if cookie else {}
    return Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", **extra)


def time_page(path, cookie, repeat):
    client = client_for(cookie)
    for _warm in range(3):
        response = client.get(path, secure=True)
    times = []
    for _round in range(repeat):
        started = time.perf_counter()
        client.get(path, secure=True)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, secure=True)
    return response.status_code, statistics.median(times), min(times), len(queries)


def profile_page(path, cookie):
    import cProfile
    import pstats

    client = client_for(cookie)
    for _warm in range(3):
        client.get(path, secure=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _round in range(10):
        client.get(path, secure=True)
    profiler.disable()
    if os.environ.get("BENCH_PROFILE_FILE"):  # for pstats / snakeviz afterwards
        profiler.dump_stats(os.environ["BENCH_PROFILE_FILE"])
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def print_queries(path, cookie):
    client = client_for(cookie)
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, secure=True)
    for number, query in enumerate(queries.captured_queries, 1):
        print(f"{number:3}. {query['time']} s  {query['sql'][:400]}")


def main():
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    profile = show = None
    if "--profile" in sys.argv:
        profile = sys.argv[sys.argv.index("--profile") + 1]
        args = [arg for arg in args if arg != profile]
    if "--queries" in sys.argv:
        show = sys.argv[sys.argv.index("--queries") + 1]
        args = [arg for arg in args if arg != show]
    repeat = int(args[0]) if args else 30
    pages = {label: (path, None) for label, path in public_pages().items()}
    for label, page in dataset.signed_in().items():
        pages[label] = (page["path"], page["cookie"])
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
        if profile:
            path, cookie = pages[profile]
            return profile_page(path, cookie)
        if show:
            path, cookie = pages[show]
            return print_queries(path, cookie)
        print(f"| page | path | status | median ms | best ms | queries |  (N={repeat})")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for label, (path, cookie) in pages.items():
            status, median, best, queries = time_page(path, cookie, repeat)
            print(
                f"| {label} | `{path}` | {status} | {median:.1f} | {best:.1f} | {queries} |",
                flush=True,
            )
    return None


if __name__ == "__main__":
    main()
