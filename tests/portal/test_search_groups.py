"""One site search over pages and news, shared events and partner
institutions, grouped by kind (issue 16, part 2)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.events.choices import EventStatus
from partners.events.services import event_save
from partners.provinces import Province
from tests.factories import (
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    StandardPageFactory,
)
from tests.factories.events import EventFactory, in_days
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(home):
    programmes = ProgrammeIndexPageFactory(parent=home, slug="program")
    programme = ProgrammePageFactory(
        parent=programmes,
        title="Literasi Kesehatan bersama Poltekes Banjarmasin",
        slug="literasi-kesehatan",
        summary="Program bersama dua perpustakaan.",
    )
    news = NewsIndexPageFactory(parent=home)
    NewsPageFactory(
        parent=news,
        title="Program literasi kesehatan resmi dimulai",
        summary="Kelas pertama dibuka.",
        date=datetime.date(2024, 4, 2),
    )
    StandardPageFactory(parent=home, title="Tentang kami", slug="tentang")
    poltekes = InstitutionFactory(
        name="Politeknik Kesehatan Banjarmasin",
        short_name="Poltekes Banjarmasin",
        city="Banjarmasin",
        province=Province.SOUTH_KALIMANTAN,
        description="Perpustakaan yang berfokus pada literasi kesehatan.",
    )
    InstitutionFactory(name="Perpustakaan Banjarmasin Belum Diperiksa", is_verified=False)
    InstitutionFactory(name="Perpustakaan Banjarmasin Lama", archived_at=timezone.now())
    EventFactory(
        title="Lokakarya Literasi Kesehatan",
        summary="Merancang layanan.",
        programme=programme,
        start=in_days(20),
    )
    EventFactory(
        title="Webinar Membaca Informasi",
        summary="Menilai sumber.",
        programme=programme,
        start=in_days(5),
        partners=[poltekes],
    )
    EventFactory(
        title="Peluncuran Program Literasi Kesehatan",
        summary="Awal program.",
        start=in_days(-30),
    )
    EventFactory(title="Rapat internal literasi kesehatan", summary="Tertutup.", is_public=False)
    EventFactory(
        title="Pameran literasi kesehatan",
        summary="Pameran buku.",
        start=in_days(12),
        status=EventStatus.CANCELLED,
    )
    return {"programme": programme, "poltekes": poltekes}


def _main(response):
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _titles(html, kind):
    section = html[html.index(f'id="results-{kind}"') :]
    section = section[: section.index("</section>")]
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r'<h3 class="search-result__title">(.*?)</h3>', section, re.S)
    ]


def test_health_literacy_finds_the_programme_its_events_and_its_news(client, site):
    html = _main(client.get("/search/", {"query": "literasi kesehatan"}))

    assert set(_titles(html, "pages")) == {
        "Literasi Kesehatan bersama Poltekes Banjarmasin",
        "Program literasi kesehatan resmi dimulai",
    }
    # Still to come first, soonest first; then cancelled and past ones.
    assert _titles(html, "events") == [
        "Webinar Membaca Informasi",
        "Lokakarya Literasi Kesehatan",
        "Pameran literasi kesehatan",
        "Peluncuran Program Literasi Kesehatan",
    ]
    assert "Rapat internal" not in html
    assert "Dibatalkan" in html
    assert "Sudah berlalu" in html


def test_city_finds_the_verified_partner_only(client, site):
    html = _main(client.get("/search/", {"query": "Banjarmasin"}))

    assert _titles(html, "partners") == ["Politeknik Kesehatan Banjarmasin"]
    assert "Belum Diperiksa" not in html
    assert "Banjarmasin Lama" not in html
    assert f'href="/mitra/{site["poltekes"].slug}/"' in html


def test_results_are_grouped_with_counts_and_a_filter_per_kind(client, site):
    html = _main(client.get("/search/", {"query": "literasi kesehatan"}))

    assert '<p role="status" class="search-total">7 hasil</p>' in html
    kinds = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html[html.index("search-kinds") :]))
    assert "Semua (7) Halaman dan berita (2) Kegiatan (4) Institusi mitra (1)" in kinds
    assert html.index('id="results-pages"') < html.index('id="results-events"')
    assert html.index('id="results-events"') < html.index('id="results-partners"')


def test_kind_filter_shows_one_kind_and_keeps_the_counts(client, site):
    html = _main(client.get("/search/", {"query": "literasi kesehatan", "kind": "events"}))

    assert 'id="results-events"' in html
    assert 'id="results-pages"' not in html
    assert 'id="results-partners"' not in html
    assert 'aria-current="page">Kegiatan' in html
    assert '<input type="hidden" name="kind" value="events">' in html


@pytest.mark.parametrize("kind", ["unknown", "<script>", "'; DROP"])
def test_unknown_kind_shows_every_kind(client, site, kind):
    html = _main(client.get("/search/", {"query": "literasi kesehatan", "kind": kind}))

    assert 'id="results-pages"' in html
    assert 'id="results-events"' in html
    assert "<script>" not in html


def test_a_kind_with_many_results_links_to_all_of_them_and_paginates(client, home):
    for number in range(13):
        EventFactory(title=f"Kelas gizi {number}", summary="Gizi.", start=in_days(number + 1))

    overview = _main(client.get("/search/", {"query": "gizi"}))
    first = _main(client.get("/search/", {"query": "gizi", "kind": "events"}))
    second = _main(client.get("/search/", {"query": "gizi", "kind": "events", "page": "2"}))

    assert len(_titles(overview, "events")) == 5
    assert "Semua 13 hasil di Kegiatan" in overview
    assert 'href="?query=gizi&amp;kind=events"' in overview
    assert _titles(first, "events")[:2] == ["Kelas gizi 0", "Kelas gizi 1"]
    assert len(_titles(first, "events")) == 10
    assert _titles(second, "events") == ["Kelas gizi 10", "Kelas gizi 11", "Kelas gizi 12"]
    assert "Halaman 2 dari 2" in second


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_search_bad_page_number_of_a_kind_is_404(client, home, page):
    StandardPageFactory(parent=home, title="Literasi", slug="literasi")

    response = client.get("/search/", {"query": "literasi", "kind": "pages", "page": page})

    assert response.status_code == 404


def test_pages_are_searched_in_the_readers_language_only(client, home, locales):
    page = StandardPageFactory(parent=home, title="Literasi kesehatan", slug="literasi")
    home_en = home.copy_for_translation(locales["en"])
    home_en.save_revision().publish()
    page_en = page.copy_for_translation(locales["en"])
    page_en.title = "Health literacy"
    page_en.save_revision().publish()

    indonesian = _main(client.get("/search/", {"query": "literasi kesehatan"}))
    english = _main(client.get("/en/search/", {"query": "health literacy"}))

    assert _titles(indonesian, "pages") == ["Literasi kesehatan"]
    assert _titles(english, "pages") == ["Health literacy"]
    assert "Pages and news (1)" in re.sub(r"<[^>]+>", "", english)


def test_draft_pages_are_not_found(client, home):
    StandardPageFactory(parent=home, title="Pedoman literasi", slug="pedoman")
    hidden = StandardPageFactory(parent=home, title="Draf literasi", slug="draf")
    hidden.unpublish()

    html = _main(client.get("/search/", {"query": "literasi"}))

    assert "Pedoman literasi" in html
    assert "Draf literasi" not in html


def test_without_a_query_the_page_suggests_where_to_look(client, home):
    html = _main(client.get("/search/"))

    assert "Ketik beberapa kata untuk mencari" in html
    assert 'href="/acara/"' in html
    assert 'href="/mitra/"' in html
    assert 'href="/kunjungan/"' in html
    assert 'role="status"' not in html


def test_english_empty_page_suggests_english_addresses(client, home):
    html = _main(client.get("/en/search/"))

    assert "Type a few words to search" in html
    assert 'href="/en/acara/"' in html
    assert 'href="/en/mitra/"' in html


def test_no_results_names_the_query_and_suggests_where_to_look(client, site):
    html = _main(client.get("/search/", {"query": "zzzz tidak ada"}))

    assert "0 hasil" in html
    assert "Tidak ada hasil untuk “zzzz tidak ada”." in html
    assert "Tidak ada yang cocok. Coba kata yang lebih sedikit atau berbeda." in html
    assert 'href="/acara/"' in html
    assert 'href="/mitra/"' in html


def test_text_without_words_says_what_is_searched(client, site):
    html = _main(client.get("/search/", {"query": "📚 ☕ !!"}))

    assert "Tidak ada hasil untuk “📚 ☕ !!”." in html
    assert "tanda baca dan simbol diabaikan" in html


def test_query_is_escaped(client, site):
    html = _main(client.get("/search/", {"query": "<b>literasi</b>"}))

    assert "<b>literasi</b>" not in html
    assert "&lt;b&gt;literasi&lt;/b&gt;" in html


def test_index_follows_changes_to_events_and_partners(client, site):
    event = EventFactory(title="Diskusi buku", summary="Buku baru.", start=in_days(3))
    assert "Diskusi buku" not in _main(client.get("/search/", {"query": "Banjarmasin"}))

    event.partners.add(site["poltekes"])
    assert "Diskusi buku" in _main(client.get("/search/", {"query": "Banjarmasin"}))

    event.title = "Bedah buku sejarah"
    event_save(event)
    assert _titles(_main(client.get("/search/", {"query": "sejarah"})), "events") == [
        "Bedah buku sejarah"
    ]

    poltekes = site["poltekes"]
    poltekes.archived_at = timezone.now()
    poltekes.save()
    html = _main(client.get("/search/", {"query": "Politeknik"}))
    assert "Politeknik Kesehatan Banjarmasin" not in html


def _grow(home):
    news = home.get_children().type(NewsIndexPageFactory._meta.model).first().specific
    programmes = home.get_children().type(ProgrammeIndexPageFactory._meta.model).first()

    def grow():
        for number in range(6):
            NewsPageFactory(parent=news, title=f"Kabar literasi kesehatan {number}")
            ProgrammePageFactory(parent=programmes, title=f"Literasi kesehatan {number}")
            partner = InstitutionFactory(name=f"Perpustakaan Kesehatan Literasi {number}")
            EventFactory(
                title=f"Kelas literasi kesehatan {number}",
                start=in_days(number + 2),
                rrule="FREQ=WEEKLY;COUNT=4" if number % 2 else "",
                partners=[partner],
            )

    return grow


@pytest.mark.parametrize("kind", ["events", "partners"])
def test_query_count_does_not_grow_with_the_results(
    client, site, home, assert_query_count_stable, kind
):
    def fetch():
        return client.get("/search/", {"query": "literasi kesehatan", "kind": kind})

    queries = assert_query_count_stable(fetch, _grow(home))

    assert queries <= 20


@pytest.mark.parametrize("kind", ["", "pages"])
def test_query_count_with_pages_grows_only_with_their_types(client, site, home, kind):
    # Pages are read in their own types (news, programme...): one query per
    # type on the page shown, whatever the number of matches. The fixture
    # already shows the two types the growth adds.
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"query": "literasi kesehatan", "kind": kind})
        assert response.status_code == 200
        return len(queries)

    count()
    few = count()
    _grow(home)()
    count()  # the new pages empty the cached menus and fragments once
    many = count()

    assert many <= few <= 21


@pytest.mark.postgres
def test_postgres_search_uses_the_indonesian_configuration(client, site):
    from wagtail.search.backends import get_search_backend

    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname = 'indonesian'")
        assert cursor.fetchone() == ("indonesian",)
    assert get_search_backend().config == "indonesian"

    # "sehat" is the stem of "kesehatan", "pustaka" of "perpustakaan".
    html = _main(client.get("/search/", {"query": "sehat"}))

    assert "Lokakarya Literasi Kesehatan" in _titles(html, "events")
    assert "Literasi Kesehatan bersama Poltekes Banjarmasin" in _titles(html, "pages")
    assert _titles(html, "partners") == ["Politeknik Kesehatan Banjarmasin"]


@pytest.mark.postgres
def test_postgres_answers_odd_text_without_errors(client, site):
    for text in ["'\"; DROP TABLE x;--", "a & b | !c", "kesehatan:*", "مكتبة", "😀"]:
        response = client.get("/search/", {"query": text})
        assert response.status_code == 200, text


def test_index_follows_the_names_of_partners_and_programmes(client, site):
    poltekes, programme = site["poltekes"], site["programme"]
    poltekes.name = "Politeknik Kesehatan Kalimantan"
    poltekes.save()
    programme.title = "Gerakan Gizi Seimbang"
    programme.save_revision().publish()

    by_partner = _main(client.get("/search/", {"query": "Kalimantan"}))
    by_programme = _main(client.get("/search/", {"query": "Gizi Seimbang"}))

    assert _titles(by_partner, "events") == ["Webinar Membaca Informasi"]
    assert _titles(by_programme, "events") == [
        "Webinar Membaca Informasi",
        "Lokakarya Literasi Kesehatan",
    ]


def test_a_kind_without_results_shows_every_kind(client, site):
    html = _main(client.get("/search/", {"query": "Lokakarya", "kind": "partners"}))

    assert _titles(html, "events") == ["Lokakarya Literasi Kesehatan"]
    assert 'id="results-partners"' not in html
    assert '<span class="search-kinds__none">Institusi mitra' in html
