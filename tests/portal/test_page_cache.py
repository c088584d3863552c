"""Anonymous pages are served from the cache, and a change shows up at once."""

import pytest
from django.core.cache import cache

from portal.page_cache import current_generation
from tests.factories.portal import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_view_comes_from_the_cache_without_queries(
    client, home, django_assert_num_queries
):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert not first.cookies
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_publishing_an_edit_shows_at_once(client, home, django_capture_on_commit_callbacks):
    page = StandardPageFactory(parent=home, slug="tentang", title="Tentang kami")
    assert "Tentang kami" in client.get("/tentang/").text
    page.title = "Tentang Mitra Pustaka"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get("/tentang/")
    assert response["X-Page-Cache"] == "miss"
    assert "Tentang Mitra Pustaka" in response.text


def test_unpublishing_removes_the_page_at_once(client, home, django_capture_on_commit_callbacks):
    page = StandardPageFactory(parent=home, slug="kontak")
    assert client.get("/kontak/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get("/kontak/").status_code == 404


def test_signing_in_someone_does_not_empty_the_cache(home, django_capture_on_commit_callbacks):
    """An account changes the ``users`` tag alone, which no public page shows."""
    from portal.page_cache import DEFAULT_TAGS, URL_TAGS

    before = dict(current_generation())
    with django_capture_on_commit_callbacks(execute=True):
        UserFactory(full_name="Pengguna baru")
    after = dict(current_generation())
    assert [tag for tag in after if after[tag] != before[tag]] == ["users"]
    assert "users" not in DEFAULT_TAGS
    assert not any("users" in tags for tags in URL_TAGS.values())


def test_signed_in_readers_always_get_a_fresh_page(client, home):
    client.force_login(UserFactory())
    client.get("/")
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_pages_with_forms_and_their_csrf_cookie_are_not_kept(client, home):
    client.get("/accounts/login/")
    response = client.get("/accounts/login/")
    assert "X-Page-Cache" not in response


def test_a_form_page_is_not_kept_even_for_a_browser_that_has_a_csrf_cookie(client, home):
    client.get("/accounts/login/")  # sets the csrftoken cookie
    assert "csrftoken" in client.cookies
    client.get("/accounts/login/")
    response = client.get("/accounts/login/")
    assert "X-Page-Cache" not in response


def test_renaming_a_partner_shows_in_the_directory_at_once(
    client, home, django_capture_on_commit_callbacks
):
    from tests.factories.partners import InstitutionFactory

    partner = InstitutionFactory(name="Perpustakaan Lama")
    assert "Perpustakaan Lama" in client.get("/mitra/").text
    assert client.get("/mitra/")["X-Page-Cache"] == "hit"
    partner.name = "Perpustakaan Baru"
    with django_capture_on_commit_callbacks(execute=True):
        partner.save()
    response = client.get("/mitra/")
    assert "Perpustakaan Baru" in response.text
    assert "Perpustakaan Lama" not in response.text


def test_a_new_and_a_cancelled_event_show_in_the_list_at_once(
    client, home, django_capture_on_commit_callbacks
):
    from tests.factories.events import EventFactory

    assert "Klub baca bulanan" not in client.get("/acara/").text
    with django_capture_on_commit_callbacks(execute=True):
        event = EventFactory(title="Klub baca bulanan")
    assert "Klub baca bulanan" in client.get("/acara/").text
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Klub baca ditunda"
        event.save()
    listing = client.get("/acara/").text
    assert "Klub baca ditunda" in listing
    assert "Klub baca bulanan" not in listing


@pytest.mark.parametrize("path", ["/kalender/abc123.ics", "/en/kalender/abc123.ics", "/admin/"])
def test_private_feeds_and_the_admin_are_never_kept(path, rf):
    from portal.page_cache import _cacheable_request

    assert _cacheable_request(rf.get(path)) is False
    assert _cacheable_request(rf.get("/acara/feed.ics")) is True


def test_a_client_that_accepts_gzip_gets_the_stored_compressed_copy(client, home):
    import gzip

    plain = client.get("/")
    assert "Content-Encoding" not in plain
    first = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    again = client.get("/", headers={"Accept-Encoding": "gzip"})
    for response in (first, again):
        assert response["X-Page-Cache"] == "hit"
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert len(response.content) < len(plain.content) / 3
        assert gzip.decompress(response.content) == plain.content
    # A client that does not ask for gzip still reads plain text from the cache.
    assert client.get("/", headers={"Accept-Encoding": "identity"}).content == plain.content


def test_the_first_render_is_compressed_too_with_a_correct_length(client, home):
    import gzip

    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response["X-Page-Cache"] == "miss"
    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) == len(response.content)
    assert b"<html" in gzip.decompress(response.content)


def test_a_compressed_feed_keeps_answering_conditional_requests(client, home):
    from tests.factories.events import EventFactory

    EventFactory(title="Bedah buku daring")
    first = client.get("/acara/feed.ics", headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200
    assert first["Content-Encoding"] == "gzip"
    assert first["ETag"].startswith('W/"')
    again = client.get(
        "/acara/feed.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": first["ETag"]},
    )
    assert again.status_code == 304


@pytest.fixture
def redis_cache(settings):
    """The page cache on the production backend, in a Redis database of its own
    (one per database engine: CI runs the SQLite and PostgreSQL suites at once)."""
    import redis
    from django.db import connection

    from portal.settings.base import FRAGMENT_CACHE

    url = f"redis://127.0.0.1:6379/{13 if connection.vendor == 'sqlite' else 14}"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "portal.redis_cache.RedisCache", "LOCATION": url},
        **FRAGMENT_CACHE,
        "test-locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.core.cache import caches

    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_on_redis_a_page_is_kept_and_a_publish_still_shows_at_once(
    client, home, redis_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    page = StandardPageFactory(parent=home, slug="jadwal", title="Jadwal layanan")
    assert client.get("/jadwal/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = client.get("/jadwal/", headers={"Accept-Encoding": "gzip"})
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    # One redis-py client serves every call instead of a new one per call.
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client()
    page.title = "Jadwal layanan baru"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get("/jadwal/")
    assert response["X-Page-Cache"] == "miss"
    assert "Jadwal layanan baru" in response.text
