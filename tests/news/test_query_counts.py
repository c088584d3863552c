"""The index and an article cost the same number of queries with 5 or 60 articles."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.demo.images import demo_image
from tests.factories.news import NewsCategoryFactory, NewsPageFactory, NewsPersonFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


def _build(news_index, start, count, *, people, categories, partners, images):
    for n in range(start, start + count):
        NewsPageFactory(
            parent=news_index,
            slug=f"artikel-{n}",
            title=f"Artikel {n}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            hero_image=images[n % len(images)],
            writers=[people[n % len(people)], people[(n + 1) % len(people)]],
            editor=people[(n + 2) % len(people)],
            categories=[categories[n % len(categories)], categories[(n + 1) % len(categories)]],
            partners=[partners[n % len(partners)]],
            tags=[f"tag-{n % 7}", f"tag-{n % 5}", "berita"],
        )


def _queries(client, url):
    client.get(url)  # warm up: renditions are made on the first render
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_index_and_article_queries_do_not_grow_with_content(client, news_index):
    people = [NewsPersonFactory() for _ in range(4)]
    categories = [NewsCategoryFactory() for _ in range(3)]
    partners = [InstitutionFactory() for _ in range(2)]
    images = [demo_image(title=f"Foto {n}", width=320, height=200, seed=n) for n in range(3)]
    context = {"people": people, "categories": categories, "partners": partners, "images": images}

    _build(news_index, 0, 5, **context)
    few = {
        "index": _queries(client, "/berita/"),
        "category": _queries(client, f"/berita/?kategori={categories[0].slug}"),
        "article": _queries(client, "/berita/artikel-2/"),
        "home": _queries(client, "/"),
    }

    _build(news_index, 5, 55, **context)
    many = {
        "index": _queries(client, "/berita/"),
        "category": _queries(client, f"/berita/?kategori={categories[0].slug}"),
        "article": _queries(client, "/berita/artikel-2/"),
        "home": _queries(client, "/"),
    }

    assert few == many, f"5 articles: {few}; 60 articles: {many}"
    # Measured on SQLite when written: index 26, category 27, article 33, home 21.
    assert many["index"] <= 30 and many["article"] <= 36, many
