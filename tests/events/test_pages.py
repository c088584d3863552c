import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.events import EventFactory, in_days
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_upcoming_list_shows_future_events_only(client, home, frozen_time):
    EventFactory(title="Lokakarya Literasi Kesehatan")
    EventFactory(title="Acara Lama", start=in_days(-10), end=in_days(-10, hour=11))
    response = client.get(reverse("events:event-list"))
    assert response.status_code == 200
    assert "Lokakarya Literasi Kesehatan" in response.text
    assert "Acara Lama" not in response.text
    archive = client.get(reverse("events:event-archive"))
    assert "Acara Lama" in archive.text
    assert "Lokakarya Literasi Kesehatan" not in archive.text


def test_detail_shows_the_time_in_the_events_zone_and_the_readers(client, home):
    event = EventFactory(
        title="Klub Baca Banjarmasin",
        time_zone="Asia/Makassar",
        start=datetime.datetime(2030, 1, 12, 6, tzinfo=datetime.UTC),  # 14:00 WITA
        end=datetime.datetime(2030, 1, 12, 8, tzinfo=datetime.UTC),
    )
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.text)
    assert "waktu kegiatan, WITA" in text
    assert "14.00–16.00 WITA" in text
    assert "Waktu Anda (WIB)" in text
    assert "13.00–15.00 WIB" in text


def _events(n, **kwargs):
    from wagtail_factories import ImageFactory

    partner = kwargs.pop("partner", None) or InstitutionFactory()
    return [EventFactory(partners=[partner], image=ImageFactory(), **kwargs) for _ in range(n)]


@pytest.mark.parametrize(
    "url_name", ["events:event-list", "events:event-archive", "events:event-month"]
)
def test_list_pages_make_the_same_number_of_queries_for_few_and_many_events(
    client, home, url_name, frozen_time, assert_query_count_stable
):
    past = {"start": in_days(-20), "end": in_days(-20, hour=11)}
    kwargs = past if url_name == "events:event-archive" else {}
    _events(2, **kwargs)
    url = reverse(url_name)

    def grow():
        _events(12, **kwargs)
        EventFactory(rrule="FREQ=WEEKLY;COUNT=8", **kwargs)
        client.get(url)  # the new images get their renditions made once

    assert_query_count_stable(lambda: client.get(url), grow)


def test_upcoming_filters(client, home, frozen_time):
    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory

    poltekes = InstitutionFactory(name="Poltekes Banjarmasin")
    index = ProgrammeIndexPageFactory(parent=home)
    programme = ProgrammePageFactory(parent=index, title="Literasi Kesehatan")
    EventFactory(
        title="Klub Baca Sehat",
        partners=[poltekes],
        programme=programme,
        kind="reading-club",
        mode="online",
        venue="",
        online_url="https://meet.example/x",
    )
    EventFactory(
        title="Pameran Buku", kind="exhibition", start=in_days(40), end=in_days(40, hour=12)
    )
    url = reverse("events:event-list")

    def titles(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {event.title for event in response.context["events"]}

    assert titles() == {"Klub Baca Sehat", "Pameran Buku"}
    assert titles(partner=poltekes.slug) == {"Klub Baca Sehat"}
    assert titles(programme=programme.pk) == {"Klub Baca Sehat"}
    assert titles(kind="exhibition") == {"Pameran Buku"}
    assert titles(mode="online") == {"Klub Baca Sehat"}
    month = in_days(40).strftime("%Y-%m")
    assert "Pameran Buku" in titles(month=month)


def test_the_programme_filter_leaves_out_restricted_programmes(client, home, frozen_time):
    """A programme page behind a sign-in is not offered (nor accepted) as a
    filter, and a list whose filter form is kept reads no view restriction."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import PageViewRestriction

    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory

    index = ProgrammeIndexPageFactory(parent=home)
    ProgrammePageFactory(parent=index, title="Literasi Kesehatan")
    internal = ProgrammePageFactory(parent=index, title="Program Internal Staf")
    PageViewRestriction.objects.create(page=internal, restriction_type="login")
    EventFactory(title="Klub Baca Sehat")
    url = reverse("events:event-list")

    html = client.get(url).text
    assert ">Literasi Kesehatan</option>" in html
    assert "Program Internal Staf" not in html
    assert client.get(url, {"programme": internal.pk}).status_code == 400
    with CaptureQueriesContext(connection) as queries:
        assert "Klub Baca Sehat" in client.get(url).text
    assert not [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2026-13"},
        {"month": "abc"},
        {"month": "99999-01"},
        {"partner": "tidak-ada"},
        {"programme": "xyz"},
        {"kind": "<script>"},
        {"mode": "teleport"},
    ],
)
def test_malformed_filters_get_a_clear_message_not_a_500(client, home, params):
    response = client.get(reverse("events:event-list"), params)
    assert response.status_code == 400
    assert "Beberapa saringan tidak dapat dipahami" in response.text
    assert "<script>" not in response.text.split("<body", 1)[1].replace("&lt;script&gt;", "")


@pytest.mark.parametrize("month", ["2026-00", "x", "2026-1", "0000-01", "2026-12-01"])
def test_malformed_months_in_the_calendar_are_404(client, home, month):
    assert client.get(reverse("events:event-month"), {"month": month}).status_code == 404


@pytest.mark.parametrize("page", ["0", "abc", "999999", "-1"])
def test_out_of_range_pages_are_404(client, home, page):
    EventFactory()
    assert client.get(reverse("events:event-list"), {"page": page}).status_code == 404


def test_month_calendar_shows_each_date_of_a_series_on_its_local_day(client, home):
    from zoneinfo import ZoneInfo

    start = datetime.datetime(2030, 1, 11, 23, 30, tzinfo=ZoneInfo("Asia/Jayapura"))
    EventFactory(
        title="Klub Baca Malam",
        time_zone="Asia/Jayapura",
        start=start,
        end=start + datetime.timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=4",
        exdates="2030-01-18",
    )
    response = client.get(reverse("events:event-month"), {"month": "2030-01"})
    assert response.status_code == 200
    days = {
        day.day
        for week in response.context["weeks"]
        for day, occurrences in week
        if day and occurrences
    }
    # 23:30 WIT stays on the 11th, 25th and 1 Feb is outside January; the 18th is left out.
    assert days == {11, 25}
    assert response.context["total"] == 2
    assert "23.30 WIT" in response.text


def test_detail_has_json_ld_and_open_graph(client, home, settings):
    event = EventFactory(
        title="Seminar </script><script>alert(1)</script> & literasi",
        mode="hybrid",
        online_url="https://meet.example/abc",
        registration_url="https://daftar.example/",
    )
    response = client.get(event.get_absolute_url())
    text = response.text
    assert '<script type="application/ld+json">' in text
    block = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["eventStatus"].endswith("EventScheduled")
    assert data["startDate"] == event.local_start.isoformat()
    assert {location["@type"] for location in data["location"]} == {"Place", "VirtualLocation"}
    assert f'property="og:url" content="{settings.BASE_URL}{event.get_absolute_url()}"' in text
    assert 'property="og:title"' in text
    assert "calendar.google.com" in text and "outlook.live.com" in text


def test_cancelled_event_says_so_on_its_page(client, home):
    event = EventFactory(status="cancelled")
    response = client.get(event.get_absolute_url())
    assert "Kegiatan ini dibatalkan." in response.text
    assert "EventCancelled" in response.text


def test_english_pages(client, home):
    from django.utils import translation

    event = EventFactory(title="Reading club")
    with translation.override("en"):
        list_url, detail_url = reverse("events:event-list"), event.get_absolute_url()
    assert list_url == "/en/acara/"
    assert "Literacy events" in client.get(list_url).text
    response = client.get(detail_url)
    assert response.status_code == 200
    assert "Add to your calendar" in response.text


def test_home_programme_and_partner_sections(client, home, frozen_time):
    from partners.events import integrations
    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory

    partner = InstitutionFactory()
    index = ProgrammeIndexPageFactory(parent=home)
    programme = ProgrammePageFactory(parent=index, title="Literasi Kesehatan")
    EventFactory(title="Klub Baca Sehat", partners=[partner], programme=programme)
    EventFactory(
        title="Acara Lama", partners=[partner], start=in_days(-3), end=in_days(-3, hour=10)
    )

    home_response = client.get("/")
    assert "Klub Baca Sehat" in home_response.text
    assert "Acara Lama" not in home_response.text

    programme_response = client.get(programme.url)
    assert programme_response.status_code == 200
    assert "Klub Baca Sehat" in programme_response.text

    [section] = integrations.partner_page_sections(institution=partner, request=None)
    assert [event.title for event in section.context["events"]] == ["Klub Baca Sehat"]
    assert integrations.partner_page_sections(institution=InstitutionFactory(), request=None) == []


def test_events_under_an_agreement_are_implementation_evidence(home):
    from portal.extensions import agreement_activities
    from tests.factories.partners import AgreementFactory

    agreement = AgreementFactory()
    event = EventFactory(title="Lokakarya bersama", agreement=agreement)
    EventFactory(title="Tanpa perjanjian")
    activities = agreement_activities(agreement_ids={agreement.pk})
    assert [(a.title, a.date) for a in activities if a.agreement_id == agreement.pk] == [
        ("Lokakarya bersama", event.local_start.date())
    ]
    assert activities[0].evidence_url.endswith(event.get_absolute_url())


def test_event_page_links_public_partners_only(client, home):
    from tests.factories.partners import InstitutionFactory

    public = InstitutionFactory(name="Perpustakaan Kota Makassar", is_verified=True)
    pending = InstitutionFactory(name="Taman Baca Belum Terverifikasi", is_verified=False)
    event = EventFactory(slug="bedah-buku", partners=[public, pending])
    page = client.get(f"/acara/{event.slug}/").text
    assert f'href="/mitra/{public.slug}/"' in page
    assert "Taman Baca Belum Terverifikasi" in page
    assert f"/mitra/{pending.slug}/" not in page


def test_an_event_deleted_between_sorting_and_reading_the_page_is_left_out():
    from partners.events import selectors

    kept, gone = EventFactory(title="Tetap ada"), EventFactory(title="Sudah dihapus")
    sorted_dates = selectors.events_upcoming(dates_only=True)
    gone.delete()
    assert [event.title for event in selectors.complete(sorted_dates)] == [kept.title]
