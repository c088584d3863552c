"""Feeds (RSS 2.0, Atom) and what link previews and search engines read."""

import datetime
import json
import re

import feedparser
import pytest

from tests.factories.news import NewsCategoryFactory, NewsPageFactory, NewsPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(news_index):
    literacy = NewsCategoryFactory(name="Literasi", name_en="Literacy", slug="literasi")
    writer = NewsPersonFactory(name="Muhammad Zaky Rakhmat")
    first = NewsPageFactory(
        parent=news_index,
        title="Kelas literasi kesehatan",
        slug="kelas",
        writers=[writer],
        categories=[literacy],
        date=datetime.date(2024, 5, 15),
    )
    second = NewsPageFactory(
        parent=news_index, title="Jam layanan Ramadan", slug="jam", date=datetime.date(2024, 3, 14)
    )
    draft = NewsPageFactory(parent=news_index, title="Draf rahasia", slug="draf")
    draft.unpublish()
    return first, second


@pytest.mark.parametrize("path, version", [("/berita/rss/", "rss20"), ("/berita/atom/", "atom10")])
def test_feeds_parse_without_error_and_list_live_articles(client, articles, path, version):
    response = client.get(path)
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == [
        "Kelas literasi kesehatan",
        "Jam layanan Ramadan",
    ]
    entry = feed.entries[0]
    assert entry.link == "http://testserver/berita/kelas/"
    assert entry.author == "Muhammad Zaky Rakhmat"
    assert entry.published_parsed[:3] == (2024, 5, 15)
    assert [tag.term for tag in entry.tags] == ["Literasi"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed_lists_only_that_category(client, articles, kind):
    response = client.get(f"/berita/kategori/literasi/{kind}/")
    feed = feedparser.parse(response.content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Kelas literasi kesehatan"]
    assert "Literasi" in feed.feed.title
    assert client.get(f"/berita/kategori/tidak-ada/{kind}/").status_code == 404


def test_index_advertises_its_feeds(client, articles):
    html = client.get("/berita/").content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/berita/atom/"' in html


def test_feeds_are_rate_limited(client, articles, settings, frozen_time):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "feeds": "2/m"}
    from django.core.cache import cache

    cache.clear()
    assert client.get("/berita/rss/").status_code == 200
    assert client.get("/berita/atom/").status_code == 200
    assert client.get("/berita/rss/").status_code == 429


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_article_has_json_ld_open_graph_twitter_and_canonical(client, news_index):
    from portal.demo.images import demo_image

    writer = NewsPersonFactory(name="Muhammad Zaky Rakhmat")
    editor = NewsPersonFactory(name="Iram Sari R")
    NewsPageFactory(
        parent=news_index,
        title="Studi banding",
        slug="studi-banding",
        writers=[writer],
        editor=editor,
        summary="Rombongan belajar perpustakaan digital.",
        date=datetime.date(2024, 3, 27),
        hero_image=demo_image(title="Foto kunjungan", width=400, height=300),
        hero_image_alt="Rombongan",
    )

    html = client.get("/berita/studi-banding/").content.decode()
    data = _json_ld(html)

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Studi banding"
    assert data["author"] == [{"@type": "Person", "name": "Muhammad Zaky Rakhmat"}]
    assert data["editor"] == {"@type": "Person", "name": "Iram Sari R"}
    assert data["datePublished"].startswith("2024-03-27T08:00:00+07:00")
    assert data["image"][0].startswith("http://testserver/media/images/")
    assert '<link rel="canonical" href="http://testserver/berita/studi-banding/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Studi banding">' in html
    assert f'<meta property="og:image" content="{data["image"][0]}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_json_ld_cannot_be_broken_out_of(client, news_index):
    NewsPageFactory(
        parent=news_index,
        slug="jahil",
        title="</script><script>alert(1)</script>",
        summary="a & b <!-- c",
    )

    html = client.get("/berita/jahil/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)

    assert "<" not in block and ">" not in block and "&" not in block
    assert _json_ld(html)["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)</script>" not in html


def test_articles_are_in_the_sitemap(client, articles):
    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/berita/kelas/</loc>" in xml
    assert "/berita/draf/" not in xml


def test_images_are_responsive_with_dimensions_and_lazy_below_the_fold(client, news_index):
    from portal.demo.images import demo_image

    image = demo_image(title="Foto", width=1300, height=900)
    NewsPageFactory(
        parent=news_index, slug="satu", hero_image=image, date=datetime.date(2024, 1, 1)
    )
    NewsPageFactory(parent=news_index, slug="dua", hero_image=image, date=datetime.date(2024, 1, 2))

    article = client.get("/berita/satu/").content.decode()
    index = client.get("/berita/").content.decode()

    hero = re.search(r'<figure class="figure news-article__hero">\s*(<img[^>]+>)', article).group(1)
    assert "srcset=" in hero and ".webp 1200w" in hero
    assert 'width="' in hero and 'height="' in hero
    assert 'loading="lazy"' not in hero  # the main image is above the fold
    cards = re.findall(r'<img[^>]+class="card__image"[^>]*>', index)
    assert cards and all('loading="lazy"' in card and "srcset=" in card for card in cards)
