"""A member of the public on the demo site, at desktop and phone widths:
reads the news, finds a literacy event and takes it into a calendar, looks
up a partner, searches, reads the visiting page and switches to English.

Screenshots: test-results/screenshots/<test>/.
"""

import re
from urllib.parse import urlsplit

import icalendar
import pytest
from playwright.sync_api import expect

# What the search page says when nothing matches.
NO_RESULTS = "Tidak ada yang cocok. Coba kata yang lebih sedikit atau berbeda."
# Dates as a person reads them: "12 Des. 2026, 14.00–16.00 WITA".
READABLE_TIME = re.compile(r"\d{1,2}[.:]\d{2}\s*[–-]\s*\d{1,2}[.:]\d{2}\s+(WIB|WITA|WIT)")


def open_menu_link(journey, name):
    """Follow a main-menu link; on a phone the menu opens first."""
    page = journey.page
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.locator("#site-nav").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_reader_reads_the_news(demo, journey):
    page = journey.page
    journey.goto("/")
    assert page.locator("h1").inner_text() == "Bersama membangun perpustakaan yang melayani"
    journey.step("home")

    open_menu_link(journey, "Berita")
    assert page.locator("h1").inner_text() == "Berita"
    first = page.locator(".news-list .card__title a").first
    title = first.inner_text()
    assert title == "Pameran arsip kampus menampilkan foto-foto tiga dekade"
    assert "2 September 2024" in page.locator(".news-list .news-meta").first.inner_text()
    journey.step("news index")

    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert "2 September 2024" in journey.main_text()
    journey.step("article")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_reader_sees_where_they_are_in_the_menu(demo, journey):
    def current_items():
        current = journey.page.locator("#site-nav nav a[aria-current]")
        return [(link.inner_text(), link.get_attribute("aria-current")) for link in current.all()]

    # On the news page itself "Berita" is the current page; on an article it
    # marks the section the reader is in, and no other item is marked.
    journey.goto("/berita/")
    assert current_items() == [("Berita", "page")]
    journey.goto("/berita/pameran-arsip-kampus/")
    assert current_items() == [("Berita", "true")]


def test_reader_finds_an_event_and_adds_it_to_a_calendar(demo, journey, live_server):
    page = journey.page
    journey.goto("/")
    page.get_by_role("link", name="Klub Baca Sehat").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Klub Baca Sehat"
    details = journey.main_text()
    assert "Tanggal berikutnya (waktu kegiatan, WITA)" in details
    assert READABLE_TIME.search(details), details[:400]
    journey.step("event")

    # "Apple Calendar and others": an .ics file with this event in it.
    link = page.get_by_role("link", name="Apple Calendar dan lainnya (berkas .ics)")
    response = page.request.get(live_server.url + urlsplit(link.get_attribute("href")).path)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    # The series, and the date moved to a Sunday as an override of it.
    events = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
    moved = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert [str(event["SUMMARY"]) for event in events] == ["Klub Baca Sehat"]
    assert str(events[0]["DTSTART"].dt.tzinfo) == "Asia/Makassar"
    assert events[0].get("RRULE") or events[0].get("RDATE")  # a monthly club
    assert [str(e["UID"]) for e in moved] == [str(events[0]["UID"])]
    assert moved[0]["DTSTART"].dt.weekday() == 6  # Sunday

    page.get_by_role("link", name="Semua kegiatan literasi").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Kegiatan literasi"
    listing = journey.main_text()
    assert "Klub Baca Sehat" in listing
    assert READABLE_TIME.search(listing), listing[:400]
    journey.step("events")

    page.get_by_role("link", name="Kalender bulanan").click()
    page.wait_for_load_state()
    month = journey.main_text()
    assert "Klub Baca Sehat" in month
    journey.step("month view")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_reader_downloads_the_event_file_by_clicking_its_link(demo, journey, live_server, settings):
    # `make run` serves on PORT and sets DJANGO_BASE_URL to that address, so
    # absolute links (.ics, webcal) lead back to the server the reader uses.
    settings.BASE_URL = live_server.url
    journey.goto("/acara/klub-baca-sehat/")
    link = journey.page.get_by_role("link", name="Apple Calendar dan lainnya (berkas .ics)")
    assert urlsplit(link.get_attribute("href")).netloc == urlsplit(live_server.url).netloc
    with journey.page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".ics")


def test_reader_looks_up_a_partner(demo, journey):
    page = journey.page
    journey.goto("/")
    page.get_by_role("link", name="Semua institusi mitra").click()
    page.wait_for_load_state()
    assert "Politeknik Kesehatan Kemenkes Banjarmasin" in journey.main_text()
    journey.step("partners")

    page.locator("main").get_by_role(
        "link", name="Politeknik Kesehatan Kemenkes Banjarmasin"
    ).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Politeknik Kesehatan Kemenkes Banjarmasin"
    # Each of its events says when it is.
    events = page.locator("main time")
    assert events.count() > 0
    assert all(item.get_attribute("datetime") for item in events.all())
    assert all(item.inner_text().strip() for item in events.all())
    journey.step("partner page")


def test_reader_searches_the_site(demo, journey):
    page = journey.page
    journey.goto("/")
    open_menu_link(journey, "Cari")
    page.get_by_role("searchbox").first.fill("literasi kesehatan")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_load_state()
    results = journey.main_text()
    assert "Literasi Kesehatan bersama Poltekes Banjarmasin" in results
    journey.step("search results")

    # Any text a person types gets results or "no results", never an error page.
    page.get_by_role("searchbox").first.fill("zzzz tidak ada")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page.locator("main")).to_contain_text(NO_RESULTS)
    journey.step("no results")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_reader_searches_with_quotes_and_dashes(demo, journey):
    page = journey.page
    journey.goto("/search/")
    page.get_by_role("searchbox").first.fill("'\"; DROP TABLE x;--")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page.locator("main")).to_contain_text(NO_RESULTS)
    journey.step("search with quotes")


def test_reader_reads_the_visiting_page(demo, journey):
    journey.goto("/kunjungan/")
    assert journey.page.locator("h1").is_visible()
    journey.step("visiting page")


def test_reader_switches_to_english(demo, journey):
    page = journey.page
    journey.goto("/berita/studi-banding-poltekes-banjarmasin-ke-open-library/")
    journey.step("article in Indonesian")
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.startswith(journey.base_url + "/en/")
    assert page.locator("h1").inner_text() == (
        "Poltekes Banjarmasin's library on a study visit to Open Library, Telkom University"
    )
    journey.step("article in English")
