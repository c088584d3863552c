"""The demo partner coordinator (Nur Aisyah, Poltekes Banjarmasin), at
desktop and phone widths: signs in, reads the dashboard, requests a study
visit, follows its status, writes to the host's staff and takes the private
calendar link into a calendar app.

Screenshots: test-results/screenshots/<test>/.
"""

import re
from urllib.parse import urlsplit

import icalendar
from playwright.sync_api import expect

from tests.factories.files import pdf_bytes
from tests.factories.visits import weekday_after

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
PASSWORD = "pustaka-demo-2024"


def sign_in(journey):
    page = journey.page
    journey.goto("/")
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("link", name="Masuk").click()
    page.get_by_label("Surel").fill(COORDINATOR)
    page.get_by_label(re.compile(r"^Kata sandi")).fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    # Signed in: the header names her (inside the closed menu on a phone).
    assert page.locator(".account-menu__name").text_content().strip() == "Nur Aisyah"


def open_account_link(journey, name):
    page = journey.page
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.locator(".account-menu").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def the_reported_visit():
    """The demo's seed visit of March 2024 (its number depends on the database's ids)."""
    from visits.models import VisitRequest

    return VisitRequest.objects.get(
        requester__email=COORDINATOR, state="reported", scheduled_start__year=2024
    )


def the_submitted_request(demo):
    from visits.models import VisitRequest

    # The demo story's request (the one with a named delegation); the
    # coordinator has another at the Makassar room, in WITA.
    return VisitRequest.objects.get(
        requester__email=COORDINATOR, state="submitted", participants__name="Nur Aisyah, S.IP."
    )


def test_coordinator_signs_in_and_reads_the_dashboard(demo, journey):
    sign_in(journey)
    journey.step("signed in")

    open_account_link(journey, "Institusi saya")
    text = journey.main_text()
    assert "Politeknik Kesehatan Kemenkes Banjarmasin" in text
    assert "Peran Anda\nKoordinator" in text
    # Shared events and visits, each with a readable date.
    assert "Klub Baca Sehat · 12 Des. 2026" in text or re.search(
        r"Klub Baca Sehat · \d{1,2} \w+\.? \d{4}", text
    )
    # The latest requests: the visit at the Makassar room reads in its zone (WITA).
    from visits.models import VisitRequest

    scheduled = VisitRequest.objects.get(
        requester__email=COORDINATOR, state="scheduled", venue__time_zone="Asia/Makassar"
    )
    assert re.search(
        rf"{scheduled.reference} · Terjadwal · \w+, \d{{1,2}} \w+ \d{{4}}, 09\.00–10\.30 WITA",
        text,
    ), text
    calendar_link = journey.page.get_by_role("link", name=re.compile(r"\(tautan pribadi\)$"))
    assert calendar_link.get_attribute("href") == "/kalender-saya/"
    journey.step("dashboard")


def test_coordinator_invites_a_colleague_from_the_kept_dashboard_in_english(demo, journey):
    """The dashboard's body is kept between loads (issue 17); its forms still
    carry this session's token, and the English page is its own copy."""
    page = journey.page
    sign_in(journey)
    open_account_link(journey, "Institusi saya")
    page.reload()  # the kept copy
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    text = journey.main_text()
    assert "Politeknik Kesehatan Kemenkes Banjarmasin" in text
    assert "Your role\nCoordinator" in text
    assert "Follow-up actions" in text
    journey.step("dashboard in English")

    email = f"rekan-{journey.width}@poltekes-banjarmasin.example"
    page.get_by_label("Colleague's e-mail address").fill(email)
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    assert f"An invitation has been sent to {email}." in page.locator(".message").first.inner_text()
    assert email in journey.main_text()
    journey.step("invitation sent")
    # Back to Indonesian: the choice is kept with her account for the next tests.
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    assert "Tindak lanjut" in journey.main_text()


def test_coordinator_lists_their_visits(demo, journey):
    sign_in(journey)
    open_account_link(journey, "Kunjungan saya")
    text = journey.main_text()
    assert the_reported_visit().reference in text
    assert "Selasa, 26 Maret 2024, 09.00–12.00 WIB" in text
    journey.step("my visits")


def test_coordinator_requests_a_visit(demo, journey):
    from visits.models import VisitRequest

    page = journey.page
    sign_in(journey)
    open_account_link(journey, "Kunjungan saya")
    journey.step("my visits")
    page.locator("main").get_by_role("link", name="Ajukan kunjungan").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ajukan kunjungan"
    journey.step("request form")

    day = weekday_after(30)
    # The demo has two venues: the request is for the main library.
    page.locator("#id_venue").select_option(label="Open Library Telkom University")
    page.locator("#id_slot_1_date").fill(day.isoformat())
    page.locator("#id_slot_1_start").fill("09:00")
    page.locator("#id_slot_1_end").fill("11:00")
    page.locator("#id_purpose").fill("Belajar mengelola repositori tugas akhir.")
    page.locator("#id_group_size").fill("15")
    page.locator("#id_leaders_count").fill("1")
    page.locator("#id_librarians_count").fill("14")
    assert page.locator("#id_contact_name").input_value() == "Nur Aisyah"
    page.locator("#id_request_letter").set_input_files(
        {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.locator("#id_privacy_consent").check()
    journey.step("request form filled in")
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url(re.compile(r".*/kunjungan-saya/\d+/$"))

    visit = VisitRequest.objects.order_by("-pk").first()
    assert visit.requester.email == COORDINATOR
    assert page.locator("h1").inner_text() == f"Permohonan kunjungan {visit.reference}"
    assert "Diajukan" in journey.main_text()
    assert "Belajar mengelola repositori tugas akhir." in journey.main_text()
    # The chosen slot, as a person reads it.
    assert re.search(
        rf"\w+, {day.day} \w+ {day.year}, 09[.:]00–11[.:]00 WIB", journey.main_text()
    ), journey.main_text()
    journey.step("status page")


def test_coordinator_reads_the_status_of_a_request(demo, journey):
    visit = the_submitted_request(demo)
    sign_in(journey)
    open_account_link(journey, "Kunjungan saya")
    journey.page.get_by_role("link", name=visit.reference).click()
    journey.page.wait_for_load_state()
    text = journey.main_text()
    assert re.search(r"\w+, \d{1,2} \w+ \d{4}, 09[.:]00–11[.:]00 WIB", text), text
    journey.step("status page")


def test_coordinator_writes_to_the_host(demo, journey):
    page = journey.page
    visit = the_submitted_request(demo)
    sign_in(journey)
    journey.goto(f"/kunjungan-saya/{visit.pk}/")
    message = f"Apakah ada tempat parkir untuk bus kecil? ({journey.viewport_name})"
    page.get_by_label(re.compile(r"^Pesan")).fill(message)
    page.get_by_role("button", name="Kirim pesan").click()
    page.wait_for_load_state()
    assert message in journey.main_text()
    assert "Nur Aisyah ·" in journey.main_text()
    journey.step("message sent")


def test_coordinator_takes_the_private_calendar_into_a_calendar_app(demo, journey, live_server):
    page = journey.page
    sign_in(journey)
    # (The dashboard's link to this page: test_coordinator_signs_in_and_reads_the_dashboard.)
    journey.goto("/kalender-saya/")
    assert page.locator("h1").inner_text() == "Kalender saya"
    journey.step("my calendar")

    page.get_by_role("button", name=re.compile(r"^Buat tautan")).click()
    page.wait_for_load_state()
    journey.step("private link made")
    link = re.search(r"https?://[^\s\"'<>]+/kalender/[^\s\"'<>]+\.ics", page.content()).group(0)
    feed = page.request.get(live_server.url + urlsplit(link).path)
    assert feed.status == 200
    calendar = icalendar.Calendar.from_ical(feed.body())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert "Klub Baca Sehat" in summaries

    # The page's other forms work too: switch language, then sign out.
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "My calendar"
    # When the link was made, with the zone (and no "4:13 a.m..").
    assert re.search(
        r"You made your private link on .+ at .+ WIB\. It is not shown again", journey.main_text()
    ), journey.main_text()
    journey.step("my calendar in English")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("button", name="Sign out").click()
    # Signed out, on the home page in the language she chose.
    page.wait_for_url(f"{journey.base_url}/en/")
    if toggle.is_visible():
        toggle.click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    journey.step("signed out")
