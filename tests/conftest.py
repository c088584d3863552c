import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from tests.factories import HomePageFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    storages = {name: dict(config) for name, config in settings.STORAGES.items()}
    storages["private"]["OPTIONS"] = {
        **storages["private"]["OPTIONS"],
        "location": str(tmp_path / "private"),
    }
    settings.STORAGES = storages


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what an earlier test kept
    (routes, fragments, rate limits) named rows its rollback removed."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()  # the fragments alias: this process's memory


# "Now" for the tests whose expectations depend on today's date (use the
# ``frozen_time`` fixture): a Tuesday, 10:00 in Bandung, early in a month,
# so that "the first weekday at least N days from today" falls on the same
# calendar in every run.
FROZEN_NOW = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen_time(time_machine):
    """Move the clock to ``FROZEN_NOW``; it keeps ticking from there, so the
    date is fixed while durations (rate limits, timeouts) still pass."""
    time_machine.move_to(FROZEN_NOW, tick=True)
    return FROZEN_NOW


@pytest.fixture
def locales(db):
    indonesian = Locale.objects.get_or_create(language_code="id")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    return {"id": indonesian, "en": english}


@pytest.fixture
def home(locales):
    """An Indonesian home page as the root of the default site."""
    # A transactional test that ran before may have flushed the tree root
    # (and the content types, which come back with new ids).
    root = Page.get_first_root_node()
    if root is None:
        ContentType.objects.clear_cache()
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["id"]))
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root, slug="beranda", locale=locales["id"])
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Mitra Pustaka",
    )
    return home


def _run_order(item):
    """pytest-django's order (database tests, transactional ones, the rest),
    with the transactional tests that restore the migrations' data
    (``serialized_rollback``) ahead of those that only flush.

    On PostgreSQL a flush lets post_migrate create the content types again
    under new ids; restoring the snapshot after that collides with them."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    transactional = bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )
    if transactional:
        return (1, 0 if marker and marker.kwargs.get("serialized_rollback") else 1)
    return (0, 0) if marker or "db" in fixtures else (2, 0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Order the tests (see ``_run_order``); tests marked ``postgres`` run
    only when DATABASE_URL points at PostgreSQL."""
    from django.db import connection

    items.sort(key=_run_order)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def assert_query_count_stable():
    """Check that a page's query count does not grow with its content.

    ``assert_query_count_stable(fetch, grow)`` calls ``fetch()`` (which
    returns a response) once to warm up per-session caches, counts the
    queries of a second call, runs ``grow()`` to add more of the content
    the page lists, warms up again (the change flushed the cached fragments
    that show it, portal.page_cache), counts again, and asserts both counts
    are equal and every response was 200. Returns the count.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(fetch):
        with CaptureQueriesContext(connection) as queries:
            response = fetch()
        assert response.status_code == 200, response.status_code
        return len(queries)

    def check(fetch, grow):
        count(fetch)
        few = count(fetch)
        grow()
        count(fetch)
        many = count(fetch)
        assert many == few, f"{few} queries before growing the content, {many} after"
        return few

    return check
