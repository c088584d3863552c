"""The <head> of every page: hreflang alternates to its translations (and
x-default), and the news feeds."""

import re

import pytest
from django.utils import translation

from tests.factories import StandardPageFactory
from tests.factories.events import EventFactory
from tests.factories.news import NewsIndexPageFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    # A request to /en/ leaves English active in the test thread.
    with translation.override("id"):
        yield


def _head(response):
    assert response.status_code == 200
    return response.text.split("</head>", 1)[0]


def hreflangs(response):
    head = _head(response)
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))


def feeds(response):
    head = _head(response)
    return re.findall(
        r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)" title="[^"]+" href="([^"]+)">',
        head,
    )


@pytest.fixture
def english_home(home, locales):
    translated = home.copy_for_translation(locales["en"])
    translated.save_revision().publish()
    return translated


@pytest.fixture
def about(home, english_home, locales):
    page = StandardPageFactory(parent=home, slug="tentang", title="Tentang kami")
    translated = page.copy_for_translation(locales["en"])
    translated.title, translated.slug = "About us", "about"
    translated.save_revision().publish()
    return page


@pytest.mark.parametrize("path", ["/tentang/", "/en/about/"])
def test_a_wagtail_page_links_its_translations(client, about, path):
    assert hreflangs(client.get(path)) == {
        "id": "http://testserver/tentang/",
        "en": "http://testserver/en/about/",
        "x-default": "http://testserver/tentang/",
    }


def test_an_untranslated_page_has_no_alternates(client, home, english_home):
    StandardPageFactory(parent=home, slug="hanya-indonesia")

    assert hreflangs(client.get("/hanya-indonesia/")) == {}


def test_a_route_of_a_routable_page_keeps_its_part_in_the_other_language(
    client, home, english_home, locales
):
    news = NewsIndexPageFactory(parent=home, title="Berita", slug="berita")
    translated = news.copy_for_translation(locales["en"])
    translated.slug = "news"
    translated.save_revision().publish()

    links = hreflangs(client.get("/berita/2026/11/"))

    assert links["id"] == "http://testserver/berita/2026/11/"
    assert links["en"] == "http://testserver/en/news/2026/11/"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_event_page_links_the_same_event_in_the_other_language(client, home, prefix):
    event = EventFactory(title="Lokakarya terbuka")

    links = hreflangs(client.get(f"{prefix}/acara/{event.slug}/"))

    assert links == {
        "id": f"http://testserver/acara/{event.slug}/",
        "en": f"http://testserver/en/acara/{event.slug}/",
        "x-default": f"http://testserver/acara/{event.slug}/",
    }


def test_a_partner_page_links_the_same_partner_in_the_other_language(client, home):
    InstitutionFactory(slug="alfa")

    links = hreflangs(client.get("/en/mitra/alfa/", HTTP_HOST="127.0.0.1:8001"))

    assert links == {
        "id": "http://127.0.0.1:8001/mitra/alfa/",
        "en": "http://127.0.0.1:8001/en/mitra/alfa/",
        "x-default": "http://127.0.0.1:8001/mitra/alfa/",
    }


def test_a_list_keeps_its_filters_in_the_other_language(client, home):
    links = hreflangs(client.get("/acara/?jenis=workshop"))

    assert links["en"] == "http://testserver/en/acara/?jenis=workshop"


@pytest.fixture
def news(home, english_home, locales):
    index = NewsIndexPageFactory(parent=home, title="Berita", slug="berita")
    translated = index.copy_for_translation(locales["en"])
    translated.slug = "news"
    translated.save_revision().publish()
    return index


def test_every_page_advertises_the_news_feeds_in_its_language(client, news, about):
    event = EventFactory()
    InstitutionFactory(slug="alfa")
    rss, atom = "application/rss+xml", "application/atom+xml"

    for path in ("/", "/tentang/", f"/acara/{event.slug}/", "/mitra/alfa/", "/berita/"):
        assert feeds(client.get(path)) == [(rss, "/berita/rss/"), (atom, "/berita/atom/")], path
    for path in ("/en/", "/en/about/", "/en/mitra/", "/en/news/"):
        assert feeds(client.get(path)) == [(rss, "/en/news/rss/"), (atom, "/en/news/atom/")], path
    assert client.get("/berita/rss/").status_code == 200
    assert client.get("/en/news/atom/").status_code == 200


def test_no_news_index_means_no_feed_link(client, home):
    assert feeds(client.get("/")) == []


def test_the_head_adds_no_queries_as_content_grows(client, news, about, assert_query_count_stable):
    event = EventFactory()

    def grow():
        for _ in range(4):
            EventFactory()
            StandardPageFactory(parent=news.get_parent())

    assert_query_count_stable(lambda: client.get(f"/acara/{event.slug}/"), grow)
    assert_query_count_stable(lambda: client.get("/tentang/"), grow)


def test_a_private_news_index_is_not_advertised(client, news, locales):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=news.get_parent(), restriction_type="login")

    assert feeds(client.get("/en/")) == [
        ("application/rss+xml", "/en/news/rss/"),
        ("application/atom+xml", "/en/news/atom/"),
    ]
    assert feeds(client.get("/acara/")) == []
