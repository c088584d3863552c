"""The demo cooperation staff member (Dewi Kartika) in the Wagtail admin, at
desktop and phone widths: the queue of visit requests, one request, its
review and scheduling, the agenda, the statistics and the export.

Screenshots: test-results/screenshots/<test>/.
"""

import csv
import io
import re

import pytest

from tests.factories.visits import weekday_after

STAFF = "kerjasama@openlibrary.example"
PASSWORD = "pustaka-demo-2024"


def staff_admin_language(language):
    """The demo staff member's language, in the portal's preference and in
    Wagtail's profile (the admin reads the latter)."""
    from wagtail.users.models import UserProfile

    from portal.models import User

    user = User.objects.get(email=STAFF)
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def sign_in(journey):
    journey.goto("/accounts/login/?next=/admin/")
    journey.page.locator("#id_login").fill(STAFF)
    journey.page.locator("#id_password").fill(PASSWORD)
    journey.page.locator("main form button[type=submit]").last.click()
    journey.page.wait_for_url(re.compile(r".*/admin/$"))


def open_filter(page, label):
    """Open the listing's filters and the filter named ``label``."""
    page.locator("#filters-drilldown [aria-expanded]").first.click()
    page.locator(".w-drilldown__toggle", has_text=label).click()


def choose_filter(page, name, option):
    """Choose ``option`` in the open filter ``name``; wait for the listing."""
    page.locator(f"select[name={name}]").select_option(label=option)
    page.wait_for_url(re.compile(rf".*{name}=\d+.*"))
    page.wait_for_load_state("networkidle")


def a_request(state, institution_slug=None):
    from visits.models import VisitRequest

    requests = VisitRequest.objects.filter(state=state).order_by("pk")
    if institution_slug:
        requests = requests.filter(institution__slug=institution_slug)
    return requests.first()


def test_staff_opens_a_request_from_the_queue(demo, journey):
    page = journey.page
    visit = a_request("scheduled")
    sign_in(journey)
    journey.goto("/admin/visit_requests/")
    row = page.locator("tbody tr", has_text=visit.reference)
    assert "yang lalu" not in row.inner_text()  # a future visit has an absolute date
    # On a phone the listing scrolls inside itself instead of being clipped,
    # and a reference stays on one line.
    reference = row.get_by_role("link").first
    assert reference.inner_text() == visit.reference
    line = reference.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)")
    assert reference.bounding_box()["height"] < 1.5 * line
    listing = page.locator("table.listing")
    assert listing.evaluate(
        "t => t.scrollWidth <= t.clientWidth || getComputedStyle(t).overflowX == 'auto'"
    )
    journey.step("queue")
    row.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/admin/visit_requests/inspect/{visit.pk}/")
    assert f"{visit.reference} · Terjadwal" in journey.main_text()
    journey.step("request from the queue")


def test_staff_reads_a_request(demo, journey):
    visit = a_request("submitted", "poltekes-banjarmasin")
    sign_in(journey)
    journey.goto(f"/admin/visit_requests/inspect/{visit.pk}/")
    assert re.search(r"\w+, \d{1,2} \w+ \d{4}, 09[.:]00–11[.:]00 WIB", journey.main_text())
    journey.step("request")


def test_staff_finds_the_schedule_form_filled_in_with_the_chosen_slot(demo, journey):
    from zoneinfo import ZoneInfo

    from visits.models import Venue

    visit = a_request("under_review")
    slot = visit.preferred_slots.order_by("position").first()
    # The venue's wall-clock time (the demo has one venue).
    start = slot.start.astimezone(ZoneInfo((visit.venue or Venue.objects.get()).time_zone))
    sign_in(journey)
    journey.goto(f"/admin/visit_requests/inspect/{visit.pk}/")
    assert journey.page.locator("#id_schedule-date").input_value() == start.date().isoformat()
    assert journey.page.locator("#id_schedule-start").input_value() == start.strftime("%H:%M")


def test_staff_reviews_and_schedules_a_request(demo, journey):
    from django.core import mail

    from partners.models import Institution
    from tests.factories.visits import VisitRequestFactory

    page = journey.page
    # A new request from the demo's partner for each width (the demo's own
    # submitted request is the coordinator's to follow).
    visit = VisitRequestFactory(
        institution=Institution.objects.get(slug="poltekes-banjarmasin"),
        requester=a_request("submitted", "poltekes-banjarmasin").requester,
        purpose=f"Studi banding ({journey.viewport_name})",
    )
    sign_in(journey)
    journey.goto(f"/admin/visit_requests/inspect/{visit.pk}/")
    journey.step("request")

    page.locator("#id_review-note").fill("Kami periksa jadwal ruang diskusi dahulu.")
    page.get_by_role("button", name="Mulai tinjau").click()
    page.wait_for_load_state()
    assert f"{visit.reference} · Sedang ditinjau" in journey.main_text()
    journey.step("under review")

    day = weekday_after(40 if journey.viewport_name == "desktop" else 47)
    page.locator("#id_schedule-date").fill(day.isoformat())
    page.locator("#id_schedule-start").fill("09:00")
    page.locator("#id_schedule-end").fill("11:00")
    page.locator("#id_schedule-host_staff").select_option(label="Dewi Kartika")
    page.locator("#id_schedule-note").fill("Rombongan kami tunggu di lobi.")
    page.get_by_role("button", name="Setujui dan jadwalkan").click()
    page.wait_for_load_state()
    assert f"{visit.reference} · Terjadwal" in journey.main_text()
    journey.step("scheduled")
    visit.refresh_from_db()
    assert visit.state == "scheduled"
    assert visit.scheduled_start.date() == day
    assert any(visit.reference in message.subject for message in mail.outbox)

    # The agenda shows it on its day, with a readable time and a link back.
    journey.goto(f"/admin/visit_agenda/?from={day.isoformat()}")
    entry = page.get_by_role("link", name=re.compile(r"^09\.00–11\.00 WIB · Poltekes Banjarmasin"))
    assert entry.count() >= 1
    journey.step("agenda")
    entry.first.click()
    page.wait_for_load_state()
    assert visit.reference in journey.main_text()


def _chart_bars(page):
    """(label, value, drawn width) of every bar in the statistics charts."""
    return page.evaluate(
        """() => [...document.querySelectorAll("svg rect")].map(rect => [
            rect.querySelector("title")?.textContent || "",
            rect.width.baseVal.value,
        ])"""
    )


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("viewport", ["desktop"])
def test_staff_reads_the_statistics(demo, journey, language):
    staff_admin_language(language)
    page = journey.page
    sign_in(journey)
    try:
        journey.goto("/admin/visit_statistics/?year=2024")
        bars = _chart_bars(page)
        journey.step(f"statistics ({language})")
    finally:
        staff_admin_language("id")
    counted = [(label, width) for label, width in bars if not label.endswith(": 0")]
    assert counted, bars
    assert all(width > 0 for _label, width in counted), counted


def test_staff_exports_the_visit_requests(demo, journey, viewport):
    page = journey.page
    sign_in(journey)
    journey.goto("/admin/visit_export/")
    page.locator("select[name=state]").select_option("reported")
    # Every field fits the screen, the long institution list included.
    for field in page.locator("main form select, main form input:visible").all():
        box = field.bounding_box()
        assert box["x"] + box["width"] <= journey.width, field.get_attribute("name")
    journey.step("export form")
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    reference = a_request("reported").reference
    assert [row for row in rows if reference in row.values()], rows[:1]
    # The demo's reported visits (the seed visit of 2024, the recap's visit of
    # 2025 and one at the Makassar venue), and nothing else.
    from visits.models import VisitRequest

    assert len(rows) == VisitRequest.objects.filter(state="reported").count() == 3


@pytest.mark.parametrize("viewport", ["desktop"])
def test_staff_exports_phone_numbers_as_written(demo, journey):
    page = journey.page
    sign_in(journey)
    journey.goto("/admin/visit_export/")
    page.locator("select[name=state]").select_option("reported")
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert "+62 511 000 0000" in content
    assert "'+62" not in content
