import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import PageViewRestriction

from partners.events.choices import EventKind, EventStatus
from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory
from tests.factories.events import EventFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory, NewsPersonFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters and renditions live in the cache.
    cache.clear()
    yield
    cache.clear()


def at(day, hour=9, zone=WIB):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


@pytest.fixture
def today():
    return timezone.localdate()


# -- events ------------------------------------------------------------------------


def test_events_list_expands_a_series_within_the_range_only(client, today):
    start = at(today + datetime.timedelta(days=1), 14)
    EventFactory(
        title="Klub baca",
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=10",
    )
    end_of_range = today + datetime.timedelta(days=15)

    response = client.get(f"/api/v2/events/?start={today}&end={end_of_range}")

    assert response.status_code == 200
    (event,) = response.json()["items"]
    assert event["title"] == "Klub baca"
    assert [o["start"] for o in event["occurrences"]] == [
        (start + datetime.timedelta(weeks=week)).isoformat() for week in range(3)
    ]
    assert response.json()["meta"] == {"total_count": 1}


def test_events_outside_the_range_or_private_are_left_out(client, today):
    EventFactory(title="Minggu depan", start=at(today + datetime.timedelta(days=7)))
    EventFactory(title="Tahun depan", start=at(today + datetime.timedelta(days=200)))
    EventFactory(
        title="Rapat internal", start=at(today + datetime.timedelta(days=3)), is_public=False
    )

    items = client.get("/api/v2/events/").json()["items"]

    assert [item["title"] for item in items] == ["Minggu depan"]


def test_events_are_sorted_by_their_first_date_in_the_range(client, today):
    series_start = at(today - datetime.timedelta(days=29), 10)
    EventFactory(
        title="Seri bulanan",
        start=series_start,
        end=series_start + datetime.timedelta(hours=1),
        rrule="FREQ=DAILY;INTERVAL=10;COUNT=20",
    )
    EventFactory(title="Besok", start=at(today + datetime.timedelta(days=1), 8))

    items = client.get(f"/api/v2/events/?start={today}").json()["items"]

    assert [item["title"] for item in items] == ["Besok", "Seri bulanan"]


def test_events_filter_by_kind_partner_and_programme(client, home, today):
    partner = InstitutionFactory(name="Perpustakaan Poltekes", slug="poltekes")
    other = InstitutionFactory(name="Perpustakaan Lain")
    programme = ProgrammePageFactory(parent=ProgrammeIndexPageFactory(parent=home))
    day = at(today + datetime.timedelta(days=2))
    EventFactory(title="Lokakarya mitra", start=day, partners=[partner], programme=programme)
    EventFactory(title="Pameran", start=day, kind=EventKind.EXHIBITION, partners=[other])

    def titles(query):
        response = client.get(f"/api/v2/events/?{query}")
        assert response.status_code == 200, response.content
        return [item["title"] for item in response.json()["items"]]

    assert titles("kind=exhibition") == ["Pameran"]
    assert titles(f"partner={partner.pk}") == ["Lokakarya mitra"]
    assert titles("partner=poltekes") == ["Lokakarya mitra"]
    assert titles(f"programme={programme.pk}") == ["Lokakarya mitra"]
    assert titles("status=cancelled") == []
    item = client.get(f"/api/v2/events/?partner={partner.pk}").json()["items"][0]
    assert item["organisers"] == [
        {
            "id": partner.pk,
            "slug": "poltekes",
            "name": "Perpustakaan Poltekes",
            "detail_url": f"http://testserver/api/v2/partners/{partner.pk}/",
        }
    ]
    assert item["programme"]["id"] == programme.pk


def test_cancelled_events_are_shown_with_their_status(client, today):
    EventFactory(
        title="Dibatalkan",
        start=at(today + datetime.timedelta(days=2)),
        status=EventStatus.CANCELLED,
    )

    items = client.get("/api/v2/events/?status=cancelled", HTTP_ACCEPT_LANGUAGE="en").json()[
        "items"
    ]

    assert [(item["status"], item["status_label"]) for item in items] == [
        ("cancelled", "Cancelled")
    ]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("start=2026-13-01", "start"),
        ("start=yesterday", "start"),
        ("end=2026-02-30", "end"),
        ("start=2026-03-10&end=2026-03-01", "end"),
        ("start=2026-01-01&end=2027-06-01", "end"),
        ("start=9999-12-31&end=9999-12-31", "end"),
        ("partner=0", "partner"),
        ("partner=99999", "partner"),
        ("partner=no such partner!", "partner"),
        ("programme=abc", "programme"),
        ("programme=424242", "programme"),
        ("kind=party", "kind"),
        ("limit=many", "limit"),
        ("offset=-1", "offset"),
        ("limit=500", "limit"),
        ("colour=red", "colour"),
    ],
)
def test_bad_event_filters_answer_400_with_a_json_error(client, query, parameter):
    response = client.get(f"/api/v2/events/?{query}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert body["message"] == body["errors"][parameter][0]


def test_bad_filters_are_explained_in_indonesian_by_default(client):
    body = client.get("/api/v2/events/?start=kemarin").json()

    assert body["message"] == "start harus berupa tanggal dengan format YYYY-MM-DD."


def test_event_detail_has_its_dates_in_the_range_and_404_for_private_ones(client, today):
    first = at(today + datetime.timedelta(days=1))
    event = EventFactory(
        start=first, end=first + datetime.timedelta(hours=1), rrule="FREQ=DAILY;COUNT=5"
    )
    private = EventFactory(is_public=False)

    response = client.get(
        f"/api/v2/events/{event.pk}/?start={today}&end={today + datetime.timedelta(days=2)}"
    )
    missing = client.get(f"/api/v2/events/{private.pk}/")

    assert len(response.json()["occurrences"]) == 2
    assert response.json()["html_url"] == f"http://testserver/acara/{event.slug}/"
    assert missing.status_code == 404
    assert missing.json() == {"message": "Tidak ditemukan."}


def test_events_list_queries_do_not_grow_with_the_events(
    client, today, django_assert_max_num_queries
):
    partner = InstitutionFactory()

    def count_queries(events):
        for n in range(events):
            EventFactory(start=at(today + datetime.timedelta(days=n + 1)), partners=[partner])
        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v2/events/")
        assert len(response.json()["items"]) == events + (1 if events == 3 else 0)
        return len(captured)

    one = count_queries(1)
    three = count_queries(3)

    assert three == one


# -- partners ------------------------------------------------------------------------


def test_partners_are_the_verified_current_ones_with_public_fields(client):
    InstitutionFactory(name="Belum diverifikasi", is_verified=False)
    InstitutionFactory(name="Diarsipkan", archived_at=timezone.now())
    public = InstitutionFactory(
        name="Perpustakaan Terbuka",
        email="kontak@terbuka.example",
        phone="0812",
        address="Jl. Rahasia 1",
    )

    body = client.get("/api/v2/partners/").json()

    assert body["meta"] == {"total_count": 1}
    (item,) = body["items"]
    assert item["name"] == "Perpustakaan Terbuka"
    assert set(item) == {
        "id", "slug", "name", "short_name", "kind", "kind_label", "city", "province",
        "province_label", "country", "website", "description", "logo", "html_url", "detail_url",
    }  # fmt: skip
    assert client.get(f"/api/v2/partners/{public.pk}/").json() == item


def test_partners_filter_and_paginate(client):
    for n in range(5):
        InstitutionFactory(name=f"Perpustakaan {n}", kind="school" if n % 2 else "public")

    schools = client.get("/api/v2/partners/?kind=school").json()
    second_page = client.get("/api/v2/partners/?limit=2&offset=2").json()

    assert [item["name"] for item in schools["items"]] == ["Perpustakaan 1", "Perpustakaan 3"]
    assert second_page["meta"] == {"total_count": 5}
    assert [item["name"] for item in second_page["items"]] == ["Perpustakaan 2", "Perpustakaan 3"]
    assert client.get("/api/v2/partners/?province=atlantis").status_code == 400


def test_partners_list_queries_do_not_grow(client, django_assert_num_queries):
    InstitutionFactory()
    with django_assert_num_queries(2):
        client.get("/api/v2/partners/")
    InstitutionFactory()
    InstitutionFactory()
    with django_assert_num_queries(2):
        assert len(client.get("/api/v2/partners/").json()["items"]) == 3


# -- pages -----------------------------------------------------------------------


@pytest.fixture
def article(home):
    index = NewsIndexPageFactory(parent=home)
    writer = NewsPersonFactory(name="Muhammad Zaky Rakhmat", handle="mzakyrakhmat")
    page = NewsPageFactory(
        parent=index,
        title="Studi banding Poltekes",
        date=datetime.date(2024, 3, 27),
        writers=[writer],
    )
    page.editor = NewsPersonFactory(name="Iram Sari R")
    page.save_revision().publish()
    return page


def test_news_pages_show_writer_editor_and_date(client, article):
    body = client.get("/api/v2/pages/?type=news.NewsPage&fields=date,writers,editor").json()

    (item,) = body["items"]
    assert item["title"] == "Studi banding Poltekes"
    assert item["date"] == "2024-03-27"
    assert item["writers"] == [{"name": "Muhammad Zaky Rakhmat", "byline": "mzakyrakhmat"}]
    assert item["editor"] == {"name": "Iram Sari R"}
    assert item["meta"]["first_published_at"]
    detail = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert detail["writers"] == item["writers"]
    assert detail["image_large"] is None


def test_restricted_and_draft_pages_are_not_in_the_api(client, home, article):
    from tests.factories import StandardPageFactory

    secret = StandardPageFactory(parent=home, title="Halaman anggota")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    draft = StandardPageFactory(parent=home, title="Konsep", live=False)

    titles = [item["title"] for item in client.get("/api/v2/pages/?limit=50").json()["items"]]

    assert "Studi banding Poltekes" in titles
    assert "Halaman anggota" not in titles
    assert "Konsep" not in titles
    assert client.get(f"/api/v2/pages/{secret.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_news_listing_queries_do_not_grow_with_the_articles(
    client, article, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/api/v2/pages/?type=news.NewsPage&fields=date,writers,editor,categories"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _n in range(2):
        NewsPageFactory(parent=article.get_parent(), writers=[NewsPersonFactory()])
    cache.clear()
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(url).json()["items"]) == 3

    assert len(three) == len(one)


def test_bad_page_filters_answer_400(client, article):
    assert client.get("/api/v2/pages/?type=news.NewsPage&date=2024-13-45").status_code == 400
    assert client.get("/api/v2/pages/?child_of=abc").status_code == 400
    assert client.get("/api/v2/pages/?type=no.Such").json() == {
        "message": "Kueri ini tidak dapat dijawab: type doesn't exist."
    }
    english = client.get("/api/v2/pages/?limit=x", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english == {
        "message": "This query cannot be answered: limit must be a positive integer."
    }


# -- HTTP: caching, CORS, methods, limits -------------------------------------------------


def test_answers_carry_an_etag_and_a_matching_one_gets_304(client):
    InstitutionFactory()
    first = client.get("/api/v2/partners/")

    again = client.get("/api/v2/partners/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "public, max-age=300"
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    InstitutionFactory()
    changed = client.get("/api/v2/partners/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_any_origin_may_read_without_credentials(client):
    response = client.get("/api/v2/partners/", HTTP_ORIGIN="https://contoh.example")
    preflight = client.options(
        "/api/v2/events/",
        HTTP_ORIGIN="https://contoh.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_writing_is_refused(client):
    response = client.post("/api/v2/partners/", {"name": "Baru"})

    assert response.status_code == 405
    assert set(response.json()) == {"message"}


def test_a_client_over_the_rate_limit_gets_429(client, settings):
    settings.PORTAL_API_RATE_LIMIT = "3/m"

    statuses = [client.get("/api/v2/partners/").status_code for _ in range(4)]
    schema = client.get("/api/v2/schema/")

    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v2/events/", HTTP_ACCEPT_LANGUAGE="en")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert limited.json() == {"message": "Too many requests. Please wait a moment and try again."}
    assert schema.status_code == 429


def test_signed_in_readers_get_the_same_public_answers(client, django_user_model):
    from tests.factories import UserFactory

    InstitutionFactory()
    anonymous = client.get("/api/v2/partners/")
    client.force_login(UserFactory())

    signed_in = client.get("/api/v2/partners/")

    assert signed_in.content == anonymous.content


@pytest.mark.parametrize(
    ("text", "found"), [('"studi', 1), ("NEAR(", 0), ("*", 0), ("(", 0), ("studi banding", 1)]
)
def test_page_search_takes_any_text(client, article, text, found):
    response = client.get("/api/v2/pages/", {"search": text})

    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == found


def test_a_nul_character_in_a_parameter_answers_400(client):
    response = client.get("/api/v2/pages/?search=a%00b")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["search"]


def test_head_answers_the_headers_of_get(client):
    InstitutionFactory()
    get = client.get("/api/v2/partners/")

    head = client.head("/api/v2/partners/")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_the_page_cache_leaves_the_api_alone(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    InstitutionFactory(name="Perpustakaan Pertama")
    client.get("/api/v2/partners/")

    second = client.get("/api/v2/partners/")

    assert "X-Page-Cache" not in second
    assert second["Access-Control-Allow-Origin"] == "*"


def test_the_schema_also_answers_304_to_its_etag(client):
    first = client.get("/api/v2/schema/")

    again = client.get("/api/v2/schema/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
