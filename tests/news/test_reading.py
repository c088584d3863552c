"""What a reader sees: the index, its filters, archive and search, and an article."""

import datetime

import pytest
from django.utils import translation

from tests.factories.news import NewsCategoryFactory, NewsPageFactory, NewsPersonFactory
from tests.factories.partners import InstitutionFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def _titles(html, titles):
    return [title for title in titles if title in html]


def test_index_is_paginated_and_bad_page_numbers_are_404(client, news_index):
    for day in range(12):
        NewsPageFactory(
            parent=news_index,
            title=f"Artikel nomor {day:02d}",
            date=datetime.date(2024, 5, day + 1),
        )

    first = client.get("/berita/").content.decode()
    second = client.get("/berita/?page=2").content.decode()

    assert "Artikel nomor 11" in first  # newest first
    assert "Artikel nomor 00" not in first
    assert "Artikel nomor 00" in second
    assert "Halaman 2 dari 2" in second
    for bad in ("3", "0", "-1", "abc", "1.5", "9" * 30):
        assert client.get(f"/berita/?page={bad}").status_code == 404


def test_the_number_of_pages_follows_a_new_article_and_a_restriction_at_once(
    client, news_index, django_capture_on_commit_callbacks
):
    """The index keeps its count of articles between loads: a tenth article
    makes a second page at once, and one put behind a sign-in takes it away."""
    from wagtail.models import PageViewRestriction

    for day in range(9):
        NewsPageFactory(parent=news_index, date=datetime.date(2024, 5, day + 1))
    assert client.get("/berita/?page=2").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        tenth = NewsPageFactory(
            parent=news_index, title="Artikel kesepuluh", date=datetime.date(2024, 6, 1)
        )
    second = client.get("/berita/?page=2")
    assert second.status_code == 200
    assert "Halaman 2 dari 2" in second.text
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=tenth, restriction_type="login")
    assert client.get("/berita/?page=2").status_code == 404
    assert "Artikel kesepuluh" not in client.get("/berita/").text


def test_drafts_and_private_articles_never_reach_anonymous_readers(client, news_index):
    from wagtail.models import PageViewRestriction

    NewsPageFactory(parent=news_index, title="Berita terbit", slug="terbit")
    draft = NewsPageFactory(parent=news_index, title="Berita draf", slug="draf")
    draft.unpublish()
    private = NewsPageFactory(parent=news_index, title="Berita internal", slug="internal")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    index = client.get("/berita/").content.decode()

    assert "Berita terbit" in index
    assert "Berita draf" not in index
    assert "Berita internal" not in index
    assert client.get("/berita/draf/").status_code == 404
    assert client.get("/berita/internal/").status_code == 302  # to the sign-in page
    assert "Berita draf" not in client.get("/berita/?q=draf").content.decode()
    assert "Berita internal" not in client.get("/berita/rss/").content.decode()
    partner = UserFactory()
    client.force_login(partner)
    assert client.get("/berita/draf/").status_code == 404
    assert client.get(f"/admin/pages/{draft.pk}/view_draft/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{draft.pk}/edit/preview/").status_code in (302, 403)


def test_category_and_tag_filters(client, news_index):
    visits = NewsCategoryFactory(name="Kunjungan", slug="kunjungan")
    services = NewsCategoryFactory(name="Layanan", slug="layanan")
    NewsPageFactory(parent=news_index, title="Kunjungan SMK", categories=[visits], tags=["sekolah"])
    NewsPageFactory(
        parent=news_index, title="Jam layanan baru", categories=[services], tags=["jam layanan"]
    )

    by_category = client.get("/berita/?kategori=kunjungan").content.decode()
    by_tag = client.get("/berita/?tag=jam-layanan").content.decode()

    assert _titles(by_category, ["Kunjungan SMK", "Jam layanan baru"]) == ["Kunjungan SMK"]
    assert "Kategori: Kunjungan" in by_category
    assert _titles(by_tag, ["Kunjungan SMK", "Jam layanan baru"]) == ["Jam layanan baru"]
    assert client.get("/berita/?kategori=tidak-ada").status_code == 404
    assert client.get("/berita/?tag=tidak-ada").status_code == 404
    assert client.get("/berita/?kategori=<script>").status_code == 400


def test_each_filtered_list_shows_an_article_once_and_counts_its_own_articles(client, news_index):
    """An article in two categories with two tags comes once in each list,
    and each list's page count is its own (the counts are kept per filter)."""
    visits = NewsCategoryFactory(name="Kunjungan", slug="kunjungan")
    schools = NewsCategoryFactory(name="Sekolah", slug="sekolah")
    NewsPageFactory(
        parent=news_index,
        title="Kunjungan SMK Negeri 3",
        categories=[visits, schools],
        tags=["sekolah", "kunjungan sekolah"],
    )
    NewsPageFactory(parent=news_index, title="Jam layanan baru")
    for url in ("/berita/", "/berita/?kategori=kunjungan", "/berita/?tag=sekolah"):
        response = client.get(url)
        cards = [a.title for a in response.context["articles"]]
        assert cards.count("Kunjungan SMK Negeri 3") == 1, url
        assert response.context["page_obj"].paginator.count == len(cards), url


def test_month_archive_and_malformed_months(client, news_index):
    NewsPageFactory(parent=news_index, title="Berita Maret", date=datetime.date(2024, 3, 27))
    NewsPageFactory(parent=news_index, title="Berita April", date=datetime.date(2024, 4, 2))

    march = client.get("/berita/2024/03/").content.decode()

    assert _titles(march, ["Berita Maret", "Berita April"]) == ["Berita Maret"]
    assert "Arsip: Maret 2024" in march
    assert 'href="/berita/2024/04/"' in client.get("/berita/").content.decode()
    for bad in (
        "/berita/2024/13/",
        "/berita/2024/00/",
        "/berita/0999/01/",
        "/berita/2024/abc/",
        "/berita/24/3/",
    ):
        assert client.get(bad).status_code == 404, bad


def test_search_within_news_only_finds_news(client, news_index, home):
    from tests.factories import StandardPageFactory

    NewsPageFactory(
        parent=news_index,
        title="Kelas literasi kesehatan",
        summary="Belajar menilai hoaks kesehatan.",
    )
    NewsPageFactory(
        parent=news_index, title="Jam layanan Ramadan", summary="Perpustakaan buka lebih pendek."
    )
    StandardPageFactory(parent=home, title="Pedoman kesehatan pengunjung", slug="pedoman")

    html = client.get("/berita/?q=kesehatan").content.decode()

    assert "Kelas literasi kesehatan" in html
    assert "Jam layanan Ramadan" not in html
    assert "Pedoman kesehatan pengunjung" not in html
    assert client.get("/berita/?q=" + "x" * 500).status_code == 400


def test_article_shows_date_credits_views_and_share_links(client, news_index):
    writer = NewsPersonFactory(name="Muhammad Zaky Rakhmat", handle="mzakyrakhmat")
    editor = NewsPersonFactory(name="Iram Sari R")
    article = NewsPageFactory(
        parent=news_index,
        title="Studi banding Poltekes",
        slug="studi-banding",
        date=datetime.date(2024, 3, 27),
        writers=[writer],
        editor=editor,
    )
    from news.services import news_view_set

    news_view_set(page_id=article.pk, count=265)

    html = client.get("/berita/studi-banding/").content.decode()

    assert "Rabu, 27 Maret 2024" in html
    assert "Oleh mzakyrakhmat" in " ".join(html.split())
    assert "Penulis: Muhammad Zaky Rakhmat | Editor: Iram Sari R" in " ".join(html.split())
    assert "Dilihat 265 kali" in html
    assert "https://wa.me/?text=" in html
    assert (
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fberita%2Fstudi-banding%2F"
        in html
    )
    assert '<script src="https://' not in html  # no third-party scripts


def test_article_date_in_english_for_english_readers(client, news_index, locales):
    article = NewsPageFactory(
        parent=news_index, title="Visit", slug="visit", date=datetime.date(2024, 3, 27)
    )
    english_index = news_index.copy_for_translation(locales["en"], copy_parents=True)
    english_index.save_revision().publish()
    english = article.copy_for_translation(locales["en"])
    english.save_revision().publish()

    with translation.override("en"):
        html = client.get(english.url).content.decode()

    assert "Wednesday, 27 March 2024" in html
    assert "Viewed 0 times" in html


def test_related_news_prefers_same_partner_then_category_then_newest_never_itself(
    client, news_index
):
    poltekes = InstitutionFactory(name="Poltekes Banjarmasin")
    visits = NewsCategoryFactory(name="Kunjungan", slug="kunjungan")
    article = NewsPageFactory(
        parent=news_index,
        title="Artikel utama",
        partners=[poltekes],
        categories=[visits],
        date=datetime.date(2024, 3, 27),
    )
    newest = NewsPageFactory(
        parent=news_index, title="Terbaru tanpa kaitan", date=datetime.date(2024, 9, 1)
    )
    same_category = NewsPageFactory(
        parent=news_index,
        title="Kategori sama",
        categories=[visits],
        date=datetime.date(2024, 1, 1),
    )
    same_partner = NewsPageFactory(
        parent=news_index, title="Mitra sama", partners=[poltekes], date=datetime.date(2023, 1, 1)
    )
    draft = NewsPageFactory(parent=news_index, title="Draf mitra", partners=[poltekes])
    draft.unpublish()
    for n in range(3):
        NewsPageFactory(parent=news_index, title=f"Lama {n}", date=datetime.date(2020, 1, n + 1))

    from news.selectors import news_related

    related = news_related(page=article)

    assert [page.pk for page in related] == [
        same_partner.pk,
        same_category.pk,
        newest.pk,
        related[3].pk,
    ]
    assert article.pk not in [page.pk for page in related]
    assert draft.pk not in [page.pk for page in related]
    html = client.get(article.url).content.decode()
    assert "Informasi Lainnya" in html
    assert (
        html.index("Mitra sama") < html.index("Kategori sama") < html.index("Terbaru tanpa kaitan")
    )


def test_home_page_lists_latest_news(client, home, news_index):
    for n in range(4):
        NewsPageFactory(parent=news_index, title=f"Kabar {n}", date=datetime.date(2024, 1, n + 1))

    html = client.get("/").content.decode()

    assert "Kabar 3" in html and "Kabar 1" in html
    assert "Kabar 0" not in html  # three latest
    assert "Belum ada berita yang diterbitkan." not in html


def test_partner_page_section_lists_that_partners_news_only(rf, news_index):
    from news import integrations

    mine = InstitutionFactory(name="Poltekes Banjarmasin")
    other = InstitutionFactory(name="Perpustakaan Lain")
    NewsPageFactory(parent=news_index, title="Tentang Poltekes", partners=[mine])
    NewsPageFactory(parent=news_index, title="Tentang mitra lain", partners=[other])

    [section] = integrations.partner_page_sections(institution=mine, request=rf.get("/"))

    assert [page.title for page in section.context["items"]] == ["Tentang Poltekes"]


def test_an_articles_labels_lead_to_its_index_and_its_programme_shows_while_published(
    client, news_index
):
    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory

    programmes = ProgrammeIndexPageFactory(parent=news_index.get_parent(), slug="program")
    programme = ProgrammePageFactory(
        parent=programmes, title="Literasi Kesehatan", slug="literasi-kesehatan"
    )
    visits = NewsCategoryFactory(name="Kunjungan", slug="kunjungan")
    article = NewsPageFactory(
        parent=news_index,
        title="Kunjungan SMK",
        slug="kunjungan-smk",
        categories=[visits],
        tags=["sekolah"],
        programme=programme,
    )

    html = client.get("/berita/kunjungan-smk/").content.decode()
    assert '<a href="/berita/?kategori=kunjungan">Kunjungan</a>' in html
    assert 'href="/berita/?tag=sekolah" rel="tag">sekolah</a>' in html
    assert '<a href="/program/literasi-kesehatan/">Literasi Kesehatan</a>' in html

    programme.unpublish()
    assert "Literasi Kesehatan" not in client.get(article.url).content.decode()
