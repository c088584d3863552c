"""A reader finds a literacy event with the keyboard, opens it and takes it
into their calendar."""

import re
from urllib.parse import urlsplit

import icalendar
import pytest

from partners.events.choices import EventKind
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_filters_events_with_the_keyboard_and_adds_one_to_a_calendar(
    page, live_server, site
):
    partner = InstitutionFactory(name="Perpustakaan Kota Makassar", is_verified=True)
    EventFactory(title="Pameran naskah kuno", kind=EventKind.EXHIBITION)
    EventFactory(
        title="Klub baca anak",
        slug="klub-baca-anak",
        kind=EventKind.READING_CLUB,
        time_zone="Asia/Makassar",
        venue="Perpustakaan Kota Makassar",
        partners=[partner],
    )

    page.goto(live_server.url + "/en/acara/")
    assert page.get_by_role("status").inner_text() == "2 upcoming events"

    # Every filter has a label; choose the kind and submit with the keyboard only.
    kind = page.get_by_label("Kind")
    kind.focus()
    kind.select_option(label="Reading club")
    page.get_by_role("button", name="Filter").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/en/acara/\?.*kind=reading-club.*"))
    assert page.get_by_role("status").inner_text() == "1 upcoming event"
    assert page.get_by_text("Pameran naskah kuno").count() == 0

    page.get_by_role("link", name="Klub baca anak").first.click()
    page.wait_for_url(re.compile(r".*/en/acara/klub-baca-anak/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Klub baca anak"
    assert page.get_by_role("link", name="Perpustakaan Kota Makassar").is_visible()
    # The time is shown in the event's own zone (WITA for Makassar).
    assert "WITA" in page.content() or "Asia/Makassar" in page.content()

    # The .ics link gives a calendar file with this one event in it.
    href = page.get_by_role("link", name="Apple Calendar and others (.ics file)").get_attribute(
        "href"
    )
    # (absolute, on the configured site address; fetch its path from the test server)
    response = page.request.get(live_server.url + urlsplit(href).path)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    events = list(calendar.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == ["Klub baca anak"]
    assert str(events[0]["DTSTART"].dt.tzinfo) == "Asia/Makassar"

    # A filter that makes no sense gets a message, not an error page.
    page.goto(live_server.url + "/en/acara/?month=bukan-bulan")
    assert page.get_by_role("alert").is_visible()


@pytest.mark.parametrize(("prefix", "moved"), [("", "Dipindah"), ("/en", "Moved")])
@pytest.mark.parametrize("width", [1366, 390])
def test_a_moved_date_of_a_series_reads_at_its_new_time(
    page, live_server, site, prefix, moved, width
):
    import datetime
    from zoneinfo import ZoneInfo

    from partners.events.services import event_date_change

    zone = ZoneInfo("Asia/Makassar")
    today = datetime.date.today()
    first = datetime.datetime.combine(
        today + datetime.timedelta(days=7), datetime.time(14), tzinfo=zone
    )
    club = EventFactory(
        title="Klub Baca Sehat",
        slug="klub-baca-sehat",
        time_zone="Asia/Makassar",
        start=first,
        end=first + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    moved_from = first.date() + datetime.timedelta(days=7)
    event_date_change(
        club,
        occurrence_date=moved_from,
        new_date=moved_from + datetime.timedelta(days=1),
        new_start_time=datetime.time(9),
        venue="Aula Poltekes",
        note="Dipindah karena wisuda",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{prefix}/acara/klub-baca-sehat/")
    dates = page.locator(".event-dates li")
    assert dates.count() == 4
    second = dates.nth(1).inner_text()
    assert moved in second and "Aula Poltekes" in second and "Dipindah karena wisuda" in second
    assert "09.00" in second or "9:00" in second or "09:00" in second
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
