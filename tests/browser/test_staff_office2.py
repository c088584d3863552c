"""The demo cooperation staff member (Dewi Kartika) on the screens added for
the office's working day: the account page (full name, time zone, alerts),
booking a request on behalf of a partner who phoned, and her private
calendar links, in Indonesian and English, at desktop and phone widths.

Screenshots: test-results/screenshots/<test>/."""

import re
import urllib.request

import pytest

from tests.browser.test_journey_staff import STAFF, sign_in, staff_admin_language

TEXT = {
    "id": {
        "profile_tab": "Profil",
        "full_name": "Nama lengkap",
        "saved": "Pengaturan akun Anda telah berhasil diubah",
        "add": "Tambah",
        "record_title": "Catat permohonan untuk mitra",
        "record": "Catat permohonan",
        "recorded": "dicatat untuk",
        "entered": "Dimasukkan oleh staf",
        "links": "Tautan kalender kunjungan",
        "make": "Buat tautan",
        "copy": "hanya ditampilkan sekali",
        "revoke": "Cabut",
        "revoked": "Tautan dicabut",
    },
    "en": {
        "profile_tab": "Profile",
        "full_name": "Full name",
        "saved": "Your account settings have been changed successfully",
        "add": "Add",
        "record_title": "Record a request for a partner",
        "record": "Record the request",
        "recorded": "recorded for",
        "entered": "Entered by staff",
        "links": "Visit calendar links",
        "make": "Make a link",
        "copy": "shown only once",
        "revoke": "Revoke",
        "revoked": "The link was revoked",
    },
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_save_the_account_page_with_one_full_name(demo, journey, language):
    from portal.models import User

    text = TEXT[language]
    page = journey.page
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto("/admin/account/")
        main = page.locator("main")
        assert text["full_name"] in main.inner_text()
        assert page.locator("#id_name_email-first_name").count() == 0
        zones = page.locator("select[name='locale-current_time_zone'] option").evaluate_all(
            "options => options.map(o => o.value).filter(Boolean)"
        )
        assert "localtime" not in zones and "Asia/Jakarta" in zones
        journey.step(f"account ({language})")
        page.locator("#id_full_name-full_name").fill("Dewi Kartika")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        assert text["saved"] in journey.main_text()
        assert User.objects.get(email=STAFF).full_name == "Dewi Kartika"
        journey.step(f"account saved ({language})")
    finally:
        staff_admin_language("id")


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_record_a_request_for_a_partner_who_phoned(demo, journey, language):
    from tests.factories.visits import weekday_after
    from visits.models import VisitRequest

    text = TEXT[language]
    page = journey.page
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto("/admin/visit_requests/")
        page.locator("main").get_by_role("link", name=re.compile(text["add"])).first.click()
        page.wait_for_load_state()
        assert text["record_title"] in journey.main_text()
        journey.step(f"record form ({language})")
        page.locator("#id_institution").select_option(index=1)
        page.locator("#id_purpose").fill(f"Telepon: studi banding layanan ({journey.width})")
        page.locator("#id_group_size").fill("10")
        page.locator("#id_leaders_count").fill("2")
        page.locator("#id_staff_count").fill("0")
        page.locator("#id_librarians_count").fill("8")
        page.locator("#id_students_count").fill("0")
        page.locator("#id_others_count").fill("0")
        page.locator("#id_contact_name").fill("Nur Aisyah")
        page.locator("#id_contact_email").fill("nur@poltekes.example")
        offset = 33 if journey.viewport_name == "desktop" else 34
        offset += 2 if language == "en" else 0
        # The demo has two venues: the request is for the main library.
        page.locator("#id_venue").select_option(label="Open Library Telkom University")
        page.locator("#id_slot_1_date").fill(weekday_after(offset).isoformat())
        page.locator("#id_slot_1_start").fill("09:00")
        page.locator("#id_slot_1_end").fill("11:00")
        page.get_by_role("button", name=text["record"]).click()
        page.wait_for_load_state()
        assert text["recorded"] in journey.main_text()
        assert text["entered"] in journey.main_text()
        visit = VisitRequest.objects.filter(entered_by__email=STAFF).latest("pk")
        assert visit.reference in journey.main_text()
        journey.step(f"recorded ({language})")
    finally:
        staff_admin_language("id")


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_make_and_revoke_a_calendar_link(demo, journey, language, live_server):
    text = TEXT[language]
    page = journey.page
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto("/admin/visit_calendars/")
        assert text["links"] in journey.main_text()
        journey.step(f"calendar links ({language})")
        page.locator("tbody tr").first.get_by_role("button", name=text["make"]).click()
        page.wait_for_load_state()
        assert text["copy"] in journey.main_text()
        url = page.locator("input[readonly]").input_value()
        assert url.endswith(".ics")
        journey.step(f"calendar link made ({language})")
        path = url.split("://", 1)[1].split("/", 1)[1]
        with urllib.request.urlopen(f"{live_server.url}/{path}") as response:  # noqa: S310
            assert b"BEGIN:VCALENDAR" in response.read()
        page.locator("tbody tr").first.get_by_role("button", name=text["revoke"]).click()
        page.wait_for_load_state()
        assert text["revoked"] in journey.main_text()
        journey.step(f"calendar link revoked ({language})")
    finally:
        staff_admin_language("id")
