"""A page's route is kept until a page changes (portal.routing): the second
reader of an article is served with fewer queries, and a page renamed,
unpublished or translated is found (or not) at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(home):
    index = NewsIndexPageFactory(parent=home, title="Berita", slug="berita")
    return NewsPageFactory(parent=index, title="Kabar pertama", slug="kabar-pertama")


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query["sql"] for query in queries]


def test_the_second_reader_gets_the_same_article_without_walking_the_tree(client, article):
    first, routed = _get(client, "/berita/kabar-pertama/")
    second, recalled = _get(client, "/berita/kabar-pertama/")
    assert first.status_code == second.status_code == 200
    assert "Kabar pertama" in second.text
    assert second.context["page"].pk == article.pk

    def routing(queries):
        return [
            sql
            for sql in queries
            if 'FROM "wagtailcore_site"' in sql or 'FROM "wagtailcore_locale"' in sql
        ]

    # Wagtail reads the site and the locale to route; a kept route does not.
    assert routing(routed) and not routing(recalled), routing(recalled)


def test_an_unpublished_article_is_gone_for_the_next_reader(client, article):
    assert client.get("/berita/kabar-pertama/").status_code == 200
    article.unpublish()
    assert client.get("/berita/kabar-pertama/").status_code == 404


def test_a_renamed_article_is_found_at_its_new_address_only(client, article):
    assert client.get("/berita/kabar-pertama/").status_code == 200
    article.slug = "kabar-utama"
    article.save_revision().publish()
    assert client.get("/berita/kabar-pertama/").status_code == 404
    assert "Kabar pertama" in client.get("/berita/kabar-utama/").text


def test_the_news_index_keeps_its_own_routes(client, article):
    for _reader in range(2):
        feed = client.get("/berita/rss/")
        assert feed["Content-Type"].startswith("application/rss+xml")
        assert "Kabar pertama" in feed.text
        index = client.get("/berita/")
        assert index["Content-Type"].startswith("text/html")
        assert "Kabar pertama" in index.text


def test_each_language_keeps_its_own_page(client, translated_about):
    # The test settings keep no whole pages: every request is rendered.
    for _reader in range(2):
        indonesian = client.get("/tentang/").text
        english = client.get("/en/tentang/").text
        assert "<h1>Tentang</h1>" in indonesian and "About us" not in indonesian
        assert "<h1>About us</h1>" in english


def test_a_page_made_private_after_its_route_was_kept_asks_for_a_sign_in(client, article):
    from wagtail.models import PageViewRestriction

    assert client.get("/berita/kabar-pertama/").status_code == 200
    assert client.get("/berita/kabar-pertama/").status_code == 200
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    for _reader in range(2):
        response = client.get("/berita/kabar-pertama/")
        assert response.status_code == 302
        assert "next=/berita/kabar-pertama/" in response["Location"]


def test_a_private_section_stays_private_for_every_reader(client, article):
    from wagtail.models import Page, PageViewRestriction

    index = Page.objects.get(pk=article.get_parent().pk)
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    for _reader in range(3):
        assert client.get("/berita/kabar-pertama/").status_code == 302
        assert client.get("/berita/").status_code == 302


def test_the_site_is_looked_up_once_then_kept(client, article):
    first, looked_up = _get(client, "/acara/")
    second, kept = _get(client, "/acara/")
    assert first.status_code == second.status_code == 200

    def site_reads(queries):
        return [sql for sql in queries if 'FROM "wagtailcore_site"' in sql]

    assert site_reads(looked_up) and not site_reads(kept)


def test_a_site_moved_to_another_host_stops_answering_on_the_old_one(client, article, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = ["testserver", "perpustakaan.example"]
    assert client.get("/berita/kabar-pertama/").status_code == 200
    assert client.get("/berita/kabar-pertama/").status_code == 200
    site = Site.objects.get()
    site.hostname = "perpustakaan.example"
    site.is_default_site = False  # else Wagtail answers any host with it
    site.save()
    assert client.get("/berita/kabar-pertama/").status_code == 404
    moved = client.get("/berita/kabar-pertama/", HTTP_HOST="perpustakaan.example")
    assert moved.status_code == 200
