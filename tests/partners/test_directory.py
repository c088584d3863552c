import datetime

import pytest
from wagtail import hooks
from wagtail_factories import ImageFactory

from partners.models import InstitutionKind
from partners.provinces import Province
from portal import extensions
from portal.extensions import FACTS, Section
from tests.factories.partners import AgreementFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_only_verified_unarchived_institutions(client):
    InstitutionFactory(name="Perpustakaan Terverifikasi")
    InstitutionFactory(name="Perpustakaan Belum Dicek", is_verified=False)
    InstitutionFactory(
        name="Perpustakaan Lama", archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )

    response = client.get("/mitra/")

    assert response.status_code == 200
    names = [institution.name for institution in response.context["institutions"]]
    assert names == ["Perpustakaan Terverifikasi"]
    assert "Perpustakaan Belum Dicek" not in response.text


def test_directory_filters_by_kind_province_and_search(client):
    InstitutionFactory(
        name="Poltekes Banjarmasin",
        kind=InstitutionKind.HEALTH_POLYTECHNIC,
        province=Province.SOUTH_KALIMANTAN,
        city="Banjarmasin",
    )
    InstitutionFactory(name="Perpustakaan Kota Bandung", kind=InstitutionKind.PUBLIC_LIBRARY)
    InstitutionFactory(
        name="SMA 1 Banjarbaru",
        kind=InstitutionKind.SCHOOL_LIBRARY,
        province=Province.SOUTH_KALIMANTAN,
    )

    def names(query):
        return [item.name for item in client.get("/mitra/", query).context["institutions"]]

    assert names({"kind": "health_polytechnic"}) == ["Poltekes Banjarmasin"]
    assert names({"province": "kalsel"}) == ["Poltekes Banjarmasin", "SMA 1 Banjarbaru"]
    assert names({"q": "banjarmasin"}) == ["Poltekes Banjarmasin"]
    assert names({"q": "kota bandung"}) == ["Perpustakaan Kota Bandung"]
    assert names({"q": "tidak ada"}) == []


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "spaceship"},
        {"province": "atlantis"},
        {"q": "x" * 5000},
        {"kind": "' OR 1=1 --"},
    ],
)
def test_directory_bad_filter_gets_a_message_not_an_error(client, query):
    InstitutionFactory(name="Perpustakaan Alfa")

    response = client.get("/mitra/", query)

    assert response.status_code == 400
    assert "Perpustakaan Alfa" in response.text
    assert "errorlist" in response.text


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_directory_bad_page_is_not_found(client, page):
    InstitutionFactory()

    assert client.get("/mitra/", {"page": page}).status_code == 404


def test_directory_paginates_and_keeps_filters_in_links(client):
    for n in range(30):
        InstitutionFactory(name=f"Perpustakaan {n:02d}", province=Province.BALI)

    response = client.get("/mitra/", {"province": "bali"})

    assert len(response.context["institutions"]) == 24
    assert 'href="?q=&amp;province=bali&amp;page=2"' in response.text


def test_directory_in_english(client):
    InstitutionFactory(kind=InstitutionKind.HEALTH_POLYTECHNIC)

    response = client.get("/en/mitra/")

    assert "Partner institutions" in response.text
    assert "Health polytechnic" in response.text


def test_directory_query_count_does_not_grow_with_institutions(client, assert_query_count_stable):
    for _ in range(5):
        InstitutionFactory(logo=ImageFactory())

    def grow():
        for _ in range(45):
            InstitutionFactory(logo=ImageFactory())
        client.get("/mitra/")  # warm up: logo renditions are made on first use

    # 13: with the news feed advertised in every page's <head> (one query).
    assert assert_query_count_stable(lambda: client.get("/mitra/"), grow) <= 13


def test_partner_page_shows_agreements_in_force_but_no_documents(client):
    institution = InstitutionFactory(
        name="Poltekes Banjarmasin", slug="poltekes", description="Perpustakaan kesehatan."
    )
    active = AgreementFactory(title="Program literasi kesehatan", partners=[institution])
    active.scope_areas.create(name="Literasi kesehatan")
    AgreementFactory(
        title="Perjanjian yang sudah berakhir",
        partners=[institution],
        signed_on=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    from tests.factories.partners import AgreementDocumentFactory

    document = AgreementDocumentFactory(agreement=active, title="Naskah bertanda tangan")

    response = client.get("/mitra/poltekes/")

    assert response.status_code == 200
    assert "Program literasi kesehatan" in response.text
    assert "Literasi kesehatan" in response.text
    assert "Perjanjian yang sudah berakhir" not in response.text
    assert "Naskah bertanda tangan" not in response.text
    assert f"/dokumen-kerja-sama/{document.pk}/" not in response.text


def test_partner_page_of_unverified_or_unknown_institution_is_not_found(client):
    InstitutionFactory(slug="belum", is_verified=False)

    assert client.get("/mitra/belum/").status_code == 404
    assert client.get("/mitra/tidak-ada/").status_code == 404


def test_partner_page_shows_sections_from_other_apps(client):
    InstitutionFactory(slug="alfa")
    fact = Section(
        title="Kunjungan studi yang telah selesai",
        template="visits/sections/partner_completed_visits.html",
        context={"count": 3},
        area=FACTS,
    )

    def sections(institution, request):
        return [fact]

    with hooks.register_temporarily(extensions.partner_page_sections.name, sections):
        response = client.get("/mitra/alfa/")

    assert fact in response.context["sections"]
    facts = response.text.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Kunjungan studi yang telah selesai</dt><dd>3</dd>" in facts


def test_home_page_shows_partner_logos(client, home):
    InstitutionFactory(name="Poltekes Banjarmasin", short_name="Poltekes", logo=ImageFactory())
    InstitutionFactory(name="Perpustakaan Tanpa Logo", short_name="Tanpa Logo")
    InstitutionFactory(name="Belum Diverifikasi", is_verified=False)

    response = client.get("/")

    assert response.status_code == 200
    assert 'alt="Poltekes Banjarmasin"' in response.text
    assert "Tanpa Logo" in response.text
    assert "Belum Diverifikasi" not in response.text
    assert 'href="/mitra/">Semua institusi mitra</a>' in response.text


def test_a_partners_own_page_loads_its_logo_at_once_and_lists_load_lazily(client, home):
    import re

    InstitutionFactory(name="Poltekes Banjarmasin", slug="poltekes", logo=ImageFactory())

    own_page = client.get("/mitra/poltekes/").text
    directory = client.get("/mitra/").text

    # The logo at the top of the page must not shift the heading when it arrives.
    assert re.search(r'<img[^>]*alt="Poltekes Banjarmasin"[^>]*loading="eager"', own_page)
    assert re.search(r'<img[^>]*alt="Poltekes Banjarmasin"[^>]*loading="lazy"', directory)


def test_kept_cards_follow_the_language_the_page_and_a_rename(
    client, settings, django_capture_on_commit_callbacks
):
    # The cards are a fragment kept across requests (portal.page_cache): each
    # language and page gets its own, and a renamed partner shows at once.
    from partners.views import DIRECTORY_PER_PAGE

    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # the page itself is rendered each time
    partner = InstitutionFactory(
        name="Aaa Perpustakaan Awal", kind=InstitutionKind.HEALTH_POLYTECHNIC
    )
    for number in range(DIRECTORY_PER_PAGE):
        InstitutionFactory(name=f"Zzz Perpustakaan {number:03d}")

    assert "Politeknik kesehatan" in client.get("/mitra/").text
    assert "Health polytechnic" in client.get("/en/mitra/").text
    assert "Aaa Perpustakaan Awal" not in client.get("/mitra/?page=2").text
    partner.name = "Aaa Perpustakaan Baru"
    with django_capture_on_commit_callbacks(execute=True):
        partner.save()
    page = client.get("/mitra/").text
    assert "Aaa Perpustakaan Baru" in page
    assert "Aaa Perpustakaan Awal" not in page
