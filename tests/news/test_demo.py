import pytest
from django.core.management import call_command

from news.models import NewsCategory, NewsPage, NewsPageViews, NewsPerson

pytestmark = pytest.mark.django_db


def test_demo_newsroom_has_the_seed_article_and_enough_news(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")

    seed = NewsPage.objects.get(
        slug="studi-banding-poltekes-banjarmasin-ke-open-library", locale__language_code="id"
    )
    assert str(seed.date) == "2024-03-27"
    assert "Poltekes Banjarmasin" in seed.title
    assert NewsPageViews.objects.get(page=seed).count == 265
    assert seed.hero_image is not None and seed.hero_caption
    assert seed.programme.slug == "literasi-kesehatan"
    writer = NewsPerson.objects.get(name="Muhammad Zaky Rakhmat")
    assert writer.user.email == "mzakyrakhmat@openlibrary.example"
    assert NewsPage.objects.filter(locale__language_code="id").live().count() >= 15
    assert NewsCategory.objects.count() >= 4

    html = " ".join(client.get(seed.url).content.decode().split())
    assert "Oleh mzakyrakhmat" in html
    assert "Penulis: Muhammad Zaky Rakhmat | Editor: Iram Sari R" in html
    assert "Dilihat 265 kali" in html
    assert "Rabu, 27 Maret 2024" in html
    assert "Informasi Lainnya" in html
    assert "Halaman 1 dari 2" in client.get("/berita/").content.decode()
    assert client.get("/en/news/").status_code == 200
    assert (
        client.get("/en/news/studi-banding-poltekes-banjarmasin-ke-open-library/").status_code
        == 200
    )


def test_demo_newsroom_is_idempotent_and_keeps_real_counts(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    seed = NewsPage.objects.get(
        slug="studi-banding-poltekes-banjarmasin-ke-open-library", locale__language_code="id"
    )
    NewsPageViews.objects.filter(page=seed).update(count=300)
    counts = (NewsPage.objects.count(), NewsPerson.objects.count(), NewsCategory.objects.count())

    call_command("load_demo_data")

    assert (
        NewsPage.objects.count(),
        NewsPerson.objects.count(),
        NewsCategory.objects.count(),
    ) == counts
    assert NewsPageViews.objects.get(page=seed).count == 300
