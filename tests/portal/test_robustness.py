"""Odd input gets an answer a person can read, never a 500 (issue 11,
security findings: set_language and huge integers in URLs)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from portal.request_limits import has_oversized_number
from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, UserFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "next_url",
    ["foo", "account_logout", "set_language", "javascript:alert(1)", "//evil.example/", ""],
)
def test_language_switch_with_a_next_that_is_no_path_goes_home(client, home, next_url):
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert response.cookies["django_language"].value == "en"


def test_language_switch_to_an_unknown_language_changes_nothing(client, home):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/tentang/"})

    assert response.status_code == 302
    assert response["Location"] == "/tentang/"
    assert "django_language" not in response.cookies


@pytest.fixture
def numbered_site(home):
    index = NewsIndexPageFactory(parent=home)
    NewsPageFactory(parent=index, slug="kabar")
    programmes = ProgrammeIndexPageFactory(parent=home, slug="program")
    ProgrammePageFactory(parent=programmes, slug="sehat")
    return home


PUBLIC_URLS = [
    f"/?page={HUGE}",
    f"/berita/?page={HUGE}",
    f"/berita/?page=-{HUGE}",
    f"/berita/2024/1/?page={HUGE}",
    f"/berita/{HUGE}/1/",
    f"/en/news/?page={HUGE}",
    f"/berita-dilihat/{HUGE}/",
    f"/search/?query=kabar&page={HUGE}",
    f"/acara/?page={HUGE}",
    f"/acara/?programme={HUGE}",
    f"/en/acara/?programme={HUGE}",
    f"/acara/?month={HUGE}",
    f"/acara/bulan/?month={HUGE}",
    f"/acara/arsip/?page={HUGE}",
    f"/acara/feed/program/{HUGE}.ics",
    f"/mitra/?page={HUGE}",
    f"/kunjungan/?venue={HUGE}",
    f"/kunjungan/{HUGE}/1/",
    f"/kunjungan/2026/{HUGE}/",
    f"/kunjungan-saya/?page={HUGE}",
    f"/kunjungan-saya/{HUGE}/",
    f"/kunjungan-saya/{HUGE}/surat/",
    f"/dokumen-kerja-sama/{HUGE}/unduh/",
]
ADMIN_URLS = [
    f"/admin/pages/{HUGE}/",
    f"/admin/pages/?p={HUGE}",
    f"/admin/users/?group={HUGE}",
    f"/admin/images/?collection_id={HUGE}",
    f"/admin/bulk/wagtailcore/page/publish/?id={HUGE}",
    f"/admin/bulk/wagtailimages/image/delete/?id={HUGE}",
    f"/admin/bulk/wagtaildocs/document/delete/?id={HUGE}",
    f"/admin/bulk/portal/user/delete/?id={HUGE}",
    f"/admin/api/main/pages/?offset={HUGE}",
    f"/admin/visits/visitrequest/?institution={HUGE}",
    f"/admin/reports/statistics/?year={HUGE}",
]


def _walk(client, urls):
    answers = {url: client.get(url) for url in urls}
    return {url: response.status_code for url, response in answers.items()}, answers


def test_huge_numbers_in_public_urls_answer_not_found(numbered_site):
    visitor = Client(raise_request_exception=False)
    member = Client(raise_request_exception=False)
    member.force_login(UserFactory())

    for client in (visitor, member):
        statuses, answers = _walk(client, PUBLIC_URLS)

        assert [url for url, status in statuses.items() if status >= 500] == []
        assert {statuses[f"/acara/?programme={HUGE}"], statuses[f"/berita/?page={HUGE}"]} == {404}
        assert "Halaman tidak ditemukan" in answers[f"/acara/?programme={HUGE}"].content.decode()


def test_huge_numbers_in_admin_urls_answer_not_found(numbered_site):
    Group.objects.get_or_create(name="Penulis")
    admin = Client(raise_request_exception=False)
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    statuses, answers = _walk(admin, ADMIN_URLS)

    assert [url for url, status in statuses.items() if status >= 500] == []
    assert statuses[f"/admin/users/?group={HUGE}"] == 404


def test_numbers_that_fit_and_search_text_pass_through(rf):
    assert not has_oversized_number(rf.get("/acara/", {"page": "9223372036854775807"}))
    assert not has_oversized_number(rf.get("/search/", {"query": HUGE}))
    assert not has_oversized_number(rf.get(f"/acara/kabar-{HUGE}/"))
    assert has_oversized_number(rf.get("/acara/", {"page": "9223372036854775808"}))
    assert has_oversized_number(rf.get(f"/acara/feed/program/{HUGE}.ics"))
    assert has_oversized_number(rf.get("/x/", {"id": ["1", f" -{HUGE} "]}))
