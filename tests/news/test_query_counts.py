"""The index, a category, an article and the home page cost the same number
of queries as the site grows from 5 to 60 articles."""

import datetime

import pytest

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


def test_index_and_article_queries_do_not_grow_with_content(
    client, news_index, assert_query_count_stable
):
    people = [NewsPersonFactory() for _ in range(4)]
    categories = [NewsCategoryFactory() for _ in range(3)]
    partners = [InstitutionFactory() for _ in range(2)]
    images = [demo_image(title=f"Foto {n}", width=320, height=200, seed=n) for n in range(3)]
    context = {"people": people, "categories": categories, "partners": partners, "images": images}
    _build(news_index, 0, 5, **context)

    # Each page is counted before and after a share of the 55 further
    # articles is added, so the site grows from 5 to 60 articles in all.
    pages = {
        "index": "/berita/",
        "category": f"/berita/?kategori={categories[0].slug}",
        "article": "/berita/artikel-2/",
        "home": "/",
    }
    shares = {"index": 15, "category": 15, "article": 15, "home": 10}
    built = 5
    counts = {}
    for name, url in pages.items():

        def grow(url=url, start=built, count=shares[name]):
            _build(news_index, start, count, **context)
            client.get(url)  # warm up: renditions are made on the first render

        counts[name] = assert_query_count_stable(lambda url=url: client.get(url), grow)
        built += shares[name]

    assert built == 60
    # Measured on SQLite when written: index 26, category 27, article 33, home 21.
    assert counts["index"] <= 30 and counts["article"] <= 36, counts
