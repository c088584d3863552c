"""Every calendar we serve is read back by three independent parsers."""

import datetime
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.core.cache import cache
from django.urls import reverse

from partners.events.choices import EventStatus
from partners.events.ical import event_calendar_item
from partners.events.models import Event
from partners.events.services import event_save
from portal.calendars import CalendarItem, build_calendar
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def parse_all(body):
    """Parse with icalendar, vobject and recurring-ical-events; all must agree."""
    assert isinstance(body, bytes)
    text = body.decode("utf-8")
    # CRLF line ends only, no bare CR, no line longer than 75 octets.
    assert "\r" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar.get_missing_tzids() == set()
    vcal = vobject.readOne(text)
    return calendar, vcal


def _item(**overrides):
    values = {
        "uid": "event-1@mitra.example",
        "summary": "Klub baca",
        "start": datetime.datetime(2027, 1, 9, 14, tzinfo=WITA),
        "end": datetime.datetime(2027, 1, 9, 16, tzinfo=WITA),
        "time_zone": "Asia/Makassar",
        "sequence": 3,
        "last_modified": datetime.datetime(2026, 11, 1, 8, tzinfo=UTC),
    }
    values.update(overrides)
    return CalendarItem(**values)


@pytest.mark.parametrize(
    ("zone_name", "local_hour", "utc_hour"),
    [
        ("Asia/Jakarta", 9, 2),
        ("Asia/Makassar", 9, 1),
        ("Asia/Jayapura", 9, 0),
    ],
)
def test_instants_survive_in_wib_wita_and_wit(zone_name, local_hour, utc_hour):
    zone = ZoneInfo(zone_name)
    start = datetime.datetime(2027, 3, 1, local_hour, tzinfo=zone)
    body = build_calendar(
        [_item(start=start, end=start + datetime.timedelta(hours=1), time_zone=zone_name)],
        name="Uji",
    )
    calendar, vcal = parse_all(body)
    assert f"DTSTART;TZID={zone_name}:20270301T090000".encode() in body
    assert [tz.tz_name for tz in calendar.timezones] == [zone_name]
    (event,) = calendar.events
    assert event.start == datetime.datetime(2027, 3, 1, utc_hour, tzinfo=UTC)
    assert vcal.vevent.dtstart.value.astimezone(UTC) == datetime.datetime(
        2027, 3, 1, utc_hour, tzinfo=UTC
    )
    expanded = recurring_ical_events.of(calendar).between(
        datetime.date(2027, 2, 28), datetime.date(2027, 3, 2)
    )
    assert [e.start.astimezone(UTC).hour for e in expanded] == [utc_hour]


def test_a_series_in_a_daylight_saving_zone_keeps_its_wall_clock_time():
    # 14:00 in Amsterdam every second Saturday: CET in winter, CEST in summer.
    start = datetime.datetime(2027, 1, 9, 14, tzinfo=AMSTERDAM)
    event = EventFactory(
        time_zone="Europe/Amsterdam",
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=MONTHLY;BYDAY=2SA;COUNT=6",
        exdates="2027-03-13",
    )
    body = build_calendar([event_calendar_item(event)], name="Amsterdam")
    calendar, vcal = parse_all(body)
    assert b"BEGIN:DAYLIGHT" in body and b"TZID:Europe/Amsterdam" in body
    assert b"RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=2SA" in body
    assert b"EXDATE;TZID=Europe/Amsterdam:20270313T140000" in body
    expanded = recurring_ical_events.of(calendar).between(
        datetime.date(2027, 1, 1), datetime.date(2028, 1, 1)
    )
    starts = [e.start for e in expanded]
    assert len(starts) == 5
    assert datetime.date(2027, 3, 13) not in [s.date() for s in starts]
    assert {s.astimezone(AMSTERDAM).hour for s in starts} == {14}
    # Winter 13:00 UTC, summer 12:00 UTC.
    utc_hours = {s.date().month: s.astimezone(UTC).hour for s in starts}
    assert utc_hours[1] == 13 and utc_hours[6] == 12
    # vobject expands the same series the same way.
    vstarts = list(vcal.vevent.getrruleset(addRDate=True))
    assert [s.astimezone(UTC) for s in vstarts] == [s.astimezone(UTC) for s in starts]
    # And so do our own pages.
    assert [s for s, _e in event.occurrences()] == [s.astimezone(AMSTERDAM) for s in starts]


def test_all_day_events_are_dates():
    body = build_calendar(
        [
            _item(
                start=datetime.date(2027, 2, 1),
                end=datetime.date(2027, 2, 4),
                time_zone="Asia/Jayapura",
            )
        ],
        name="Pameran",
    )
    calendar, vcal = parse_all(body)
    assert b"DTSTART;VALUE=DATE:20270201" in body
    assert b"DTEND;VALUE=DATE:20270204" in body
    assert vcal.vevent.dtstart.value == datetime.date(2027, 2, 1)


def test_long_indonesian_text_is_folded_and_escaped():
    summary = "Lokakarya literasi kesehatan: membaca label obat, gizi; dan hoaks, bersama Poltekes"
    description = (
        "Peserta belajar menilai sumber informasi kesehatan, membandingkan, dan "
        "menyimpulkan; sesi tanya jawab.\nBaris kedua\r\ndan ketiga\rsetelah CR "
        + "panjang sekali "
        * 20
    )
    body = build_calendar(
        [_item(summary=summary, description=description, location="Aula; Lt. 2, Gedung A")],
        name="Uji; koma, titik",
    )
    calendar, vcal = parse_all(body)
    assert b"SUMMARY:Lokakarya literasi kesehatan: membaca label obat\\, gizi\\; dan" in body
    assert b"X-WR-CALNAME:Uji\\; koma\\, titik" in body
    (event,) = calendar.events
    assert str(event["SUMMARY"]) == summary
    assert str(event["LOCATION"]) == "Aula; Lt. 2, Gedung A"
    expected = description.replace("\r\n", "\n").replace("\r", "\n")
    assert str(event["DESCRIPTION"]) == expected
    assert vcal.vevent.description.value == expected
    assert vcal.vevent.summary.value == summary


def test_injected_lines_stay_text():
    title = "x\r\nATTENDEE:mailto:e@x\rEND:VEVENT\nBEGIN:VEVENT"
    body = build_calendar([_item(summary=title)], name="Uji")
    calendar, _vcal = parse_all(body)
    assert len(calendar.events) == 1
    assert "ATTENDEE" not in calendar.events[0]


def test_required_properties_and_stable_output():
    item = _item(url="https://mitra.example/acara/klub/", status="CANCELLED")
    body = build_calendar([item], name="Uji")
    calendar, _vcal = parse_all(body)
    (event,) = calendar.events
    for name in (
        "UID",
        "DTSTAMP",
        "LAST-MODIFIED",
        "SEQUENCE",
        "URL",
        "STATUS",
        "DTSTART",
        "DTEND",
    ):
        assert name in event
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CANCELLED"
    # Same input, same bytes: ETags stay valid while nothing changes.
    assert build_calendar([item], name="Uji") == body
    invitation = build_calendar([item], name="Uji", method="REQUEST")
    assert icalendar.Calendar.from_ical(invitation)["METHOD"] == "REQUEST"


def test_an_invitation_has_an_organizer_and_attendees_and_no_feed_name():
    from portal.calendars import PRODID, CalendarPerson

    item = _item(
        organizer=CalendarPerson("host@lib.example", "Ibu Host, Pustakawan"),
        attendees=(CalendarPerson("a@x.example", "Bu A; Ketua"), CalendarPerson("b@x.example")),
    )
    body = build_calendar([item], method="REQUEST")
    calendar, vcal = parse_all(body)
    assert str(calendar["PRODID"]) == PRODID and calendar["METHOD"] == "REQUEST"
    for name in ("NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        assert name not in calendar
    (event,) = calendar.events
    assert str(event["ORGANIZER"]) == "mailto:host@lib.example"
    assert event["ORGANIZER"].params["CN"] == "Ibu Host, Pustakawan"
    assert [str(a) for a in event["ATTENDEE"]] == ["mailto:a@x.example", "mailto:b@x.example"]
    assert event["ATTENDEE"][0].params["CN"] == "Bu A; Ketua"
    assert "CN" not in event["ATTENDEE"][1].params
    assert {a.params["ROLE"] for a in event["ATTENDEE"]} == {"REQ-PARTICIPANT"}
    assert vcal.vevent.attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]


def test_event_ics_download(client, home):
    event = EventFactory(title="Seminar, literasi; digital", time_zone="Asia/Jayapura")
    response = client.get(reverse("events:event-ics", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar, vcal = parse_all(response.content)
    (parsed,) = calendar.events
    assert str(parsed["UID"]) == event.uid
    assert str(parsed["SUMMARY"]) == "Seminar, literasi; digital"
    assert str(parsed["URL"]).endswith(event.get_absolute_url())
    assert parsed.start == event.start


def test_feed_holds_public_events_and_cancellations_for_a_while(client, home):
    kept = EventFactory(title="Tetap")
    hidden = EventFactory(title="Rahasia", is_public=False)
    url = reverse("events:feed")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, _vcal = parse_all(response.content)
    uids = {str(e["UID"]) for e in calendar.events}
    assert kept.uid in uids and hidden.uid not in uids
    first_sequence = calendar.events[0]["SEQUENCE"]

    kept = Event.objects.get(pk=kept.pk)
    kept.status = EventStatus.CANCELLED
    event_save(kept)
    calendar, _vcal = parse_all(client.get(url).content)
    (event,) = calendar.events
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == first_sequence + 1

    # Thirty-one days after the cancellation it has left the feed.
    Event.objects.filter(pk=kept.pk).update(
        cancelled_at=kept.cancelled_at - datetime.timedelta(days=31)
    )
    cache.clear()
    calendar, _vcal = parse_all(client.get(url).content)
    assert calendar.events == []


def test_feeds_per_partner_programme_and_kind(client, home):
    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory
    from tests.factories.partners import InstitutionFactory

    poltekes, other = InstitutionFactory(name="Poltekes Banjarmasin"), InstitutionFactory()
    index = ProgrammeIndexPageFactory(parent=home)
    programme = ProgrammePageFactory(parent=index, title="Literasi Kesehatan")
    ours = EventFactory(partners=[poltekes], programme=programme, kind="reading-club")
    theirs = EventFactory(partners=[other], kind="workshop")

    def uids(url):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar, _vcal = parse_all(response.content)
        return {str(e["UID"]) for e in calendar.events}, calendar

    found, calendar = uids(reverse("events:feed-partner", kwargs={"value": poltekes.slug}))
    assert found == {ours.uid}
    assert "Poltekes Banjarmasin" in str(calendar["X-WR-CALNAME"])
    assert uids(reverse("events:feed-programme", kwargs={"value": programme.pk}))[0] == {ours.uid}
    assert uids(reverse("events:feed-kind", kwargs={"value": "workshop"}))[0] == {theirs.uid}
    for bad in (
        reverse("events:feed-kind", kwargs={"value": "nope"}),
        reverse("events:feed-partner", kwargs={"value": "tidak-ada"}),
        reverse("events:feed-programme", kwargs={"value": 999999}),
    ):
        assert client.get(bad).status_code == 404


def test_conditional_get_answers_304(client, home):
    EventFactory()
    url = reverse("events:feed")
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # A change gives a new ETag at once (the cached feed is dropped).
    EventFactory()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_feed_is_cached_until_an_event_changes(client, home, django_assert_num_queries):
    event = EventFactory()
    url = reverse("events:feed")
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    event.title = "Judul baru"
    event_save(event)
    response = client.get(url)
    assert b"SUMMARY:Judul baru" in response.content


def test_feeds_are_rate_limited(client, home, settings, frozen_time):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "feeds": "2/m"}
    url = reverse("events:feed")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_stored_vevents_match_a_fresh_serialisation_in_both_languages(settings):
    from django.utils import translation

    from partners.events.ical import ICAL_FORMAT, event_vevent
    from portal.calendars import vevent_bytes

    event = EventFactory(
        mode="hybrid",
        online_url="https://meet.example/x",
        registration_url="https://daftar.example/",
    )
    event = Event.objects.get(pk=event.pk)
    assert event.ical_cache["v"] == ICAL_FORMAT
    for language in ("id", "en"):
        with translation.override(language):
            fresh = vevent_bytes(event_calendar_item(event))
        assert event_vevent(event, language=language) == fresh
    assert "Pendaftaran:" in event.ical_cache["id"] and "Registration:" in event.ical_cache["en"]
    assert "/en/acara/" in event.ical_cache["en"]
    # Stored VEVENTs made for another address are not used.
    settings.BASE_URL = "https://mitra.example.ac.id"
    assert b"https://mitra.example.ac.id/acara/" in event_vevent(event, language="id").replace(
        b"\r\n ", b""
    )


def test_english_feed_links_english_pages(client, home):
    event = EventFactory()
    response = client.get("/en" + reverse("events:feed"))
    assert response.status_code == 200
    calendar, _vcal = parse_all(response.content)
    assert str(calendar.events[0]["URL"]).endswith(f"/en/acara/{event.slug}/")


def test_conditional_get_answers_304_through_the_page_cache_too(client, home, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    EventFactory()
    url = reverse("events:feed")
    first = client.get(url)
    assert first.status_code == 200
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["X-Page-Cache"] == "hit"
    full = client.get(url)
    assert full.status_code == 200 and full["X-Page-Cache"] == "hit"


def test_refresh_command_stores_current_vevents(settings):
    from django.core.management import call_command

    event = EventFactory()
    settings.BASE_URL = "https://mitra.example.ac.id"
    call_command("refresh_event_calendars", stdout=io.StringIO())
    event.refresh_from_db()
    assert event.ical_cache["base"] == "https://mitra.example.ac.id"
    assert "https://mitra.example.ac.id/acara/" in event.ical_cache["id"].replace("\r\n ", "")
