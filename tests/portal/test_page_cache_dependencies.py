"""A change flushes only the cached pages that show it, and a hot page is
refreshed by one request while the others are served the previous copy."""

import pytest
from django.core.cache import cache

from portal.page_cache import _key
from tests.factories.events import EventFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.partners import InstitutionFactory
from tests.factories.portal import UserFactory
from tests.factories.visits import VisitRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(home):
    index = NewsIndexPageFactory(parent=home, title="Berita", slug="berita")
    article = NewsPageFactory(parent=index, title="Kabar pertama", slug="kabar-pertama")
    partner = InstitutionFactory(name="Perpustakaan Mitra Uji", is_verified=True)
    EventFactory(title="Klub baca bulanan", partners=[partner])
    return {"index": index, "article": article, "partner": partner}


PAGES = {
    "home": "/",
    "news index": "/berita/",
    "article": "/berita/kabar-pertama/",
    "events list": "/acara/",
    "partner directory": "/mitra/",
}


def _fill(client):
    for url in PAGES.values():
        client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in PAGES.values())


def _rendered_again(client):
    return {name for name, url in PAGES.items() if client.get(url)["X-Page-Cache"] == "miss"}


def test_a_news_edit_flushes_the_news_pages_and_home_only(
    client, site, django_capture_on_commit_callbacks
):
    _fill(client)
    article = site["article"]
    article.title = "Kabar pertama, diperbarui"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert _rendered_again(client) == {"home", "news index", "article"}
    assert "Kabar pertama, diperbarui" in client.get("/berita/").text


def test_a_visit_approval_changes_no_public_page(client, site, django_capture_on_commit_callbacks):
    from visits.services.workflow import visit_request_start_review

    visit = VisitRequestFactory(institution=site["partner"])
    staff = UserFactory(is_superuser=True)
    _fill(client)
    with django_capture_on_commit_callbacks(execute=True):
        visit_request_start_review(visit=visit, actor=staff)
    assert _rendered_again(client) == set()


def test_an_event_change_leaves_the_news_pages_cached(
    client, site, django_capture_on_commit_callbacks
):
    _fill(client)
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Lokakarya literasi")
    rendered = _rendered_again(client)
    assert "events list" in rendered and "home" in rendered
    assert not rendered & {"news index", "article", "partner directory"}
    assert "Lokakarya literasi" in client.get("/acara/").text


def test_a_partner_change_flushes_the_pages_that_name_partners(
    client, site, django_capture_on_commit_callbacks
):
    _fill(client)
    partner = site["partner"]
    partner.name = "Perpustakaan Mitra Baru"
    with django_capture_on_commit_callbacks(execute=True):
        partner.save()
    rendered = _rendered_again(client)
    assert {"partner directory", "events list", "home"} <= rendered
    assert "Perpustakaan Mitra Baru" in client.get("/mitra/").text


def test_while_one_request_refreshes_a_changed_page_others_get_the_previous_copy(
    client, rf, site, django_capture_on_commit_callbacks
):
    _fill(client)
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Pameran buku baru")
    # Another worker is rendering the list anew (it holds the lock).
    lock = _key(rf.get("/acara/"), gzip=False)
    cache.add(lock + ":refreshing", 1, timeout=5)
    stale = client.get("/acara/")
    assert stale["X-Page-Cache"] == "stale"
    assert "Pameran buku baru" not in stale.text
    cache.delete(lock + ":refreshing")
    fresh = client.get("/acara/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Pameran buku baru" in fresh.text
    assert client.get("/acara/")["X-Page-Cache"] == "hit"


def test_without_a_stale_window_the_change_shows_to_every_reader(
    client, site, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE_STALE_SECONDS = 0
    _fill(client)
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Pameran buku baru")
    assert "Pameran buku baru" in client.get("/acara/").text


def test_an_event_change_keeps_the_events_filter_and_a_new_partner_shows_in_it(
    client, site, settings, django_capture_on_commit_callbacks
):
    """The filter form's list of partners is kept across event changes (it
    names partners, not events) and read again when a partner joins."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # every load renders the page; fragments stay
    client.get("/acara/")
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Lokakarya literasi")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/acara/").text
    assert "Lokakarya literasi" in html
    assert '<option value="perpustakaan-mitra-uji">Perpustakaan Mitra Uji</option>' in html
    filter_reads = [
        query["sql"]
        for query in queries
        if 'FROM "partners_institution"' in query["sql"] and "_prefetch_related" not in query["sql"]
    ]
    assert filter_reads == []

    with django_capture_on_commit_callbacks(execute=True):
        InstitutionFactory(name="Perpustakaan Baru Bergabung", is_verified=True)
    assert "Perpustakaan Baru Bergabung" in client.get("/acara/").text
