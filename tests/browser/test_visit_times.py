"""Visit times read as a person expects on the partner's and the staff's
request pages, in both languages, and the pages fit a 390 px phone.

Set SCREENSHOT_DIR to keep a screenshot of every page walked."""

import datetime
import os
import zoneinfo
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.portal import UserFactory
from tests.factories.visits import ScheduledVisitFactory, VenueFactory, VisitRequestFactory
from visits.models import VisitTransition

pytestmark = pytest.mark.django_db(transaction=True)

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
START = datetime.datetime(2026, 12, 9, 9, tzinfo=WITA)
SLOT = (
    datetime.datetime(2026, 12, 10, 13, 30, tzinfo=WITA),
    datetime.datetime(2026, 12, 10, 15, tzinfo=WITA),
)
READABLE = {
    "id": "Rabu, 9 Desember 2026, 09.00–11.00 WITA",
    "en": "Wednesday 9 December 2026, 09:00–11:00 WITA",
}
READABLE_SLOT = {
    "id": "Kamis, 10 Desember 2026, 13.30–15.00 WITA",
    "en": "Thursday 10 December 2026, 13:30–15:00 WITA",
}
WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.fixture
def visits(site):
    institution = InstitutionFactory(
        name="Politeknik Kesehatan Kementerian Kesehatan Banjarmasin",
        short_name="Poltekes Banjarmasin",
    )
    member = MembershipFactory(institution=institution, user__full_name="Nur Aisyah").user
    staff = UserFactory(
        full_name="Dewi Kartika", groups=[Group.objects.get(name="Cooperation staff")]
    )
    venue = VenueFactory(name="Perpustakaan Banjarmasin", time_zone="Asia/Makassar")
    scheduled = ScheduledVisitFactory(
        institution=institution,
        requester=member,
        venue=venue,
        scheduled_start=START,
        scheduled_end=START + datetime.timedelta(hours=2),
        host_staff=staff,
        slots=[SLOT],
    )
    VisitTransition.objects.create(
        request=scheduled, from_state="submitted", to_state="scheduled", actor=staff
    )
    VisitRequestFactory(institution=institution, requester=member, venue=venue, slots=[SLOT])
    return {"member": member, "staff": staff, "scheduled": scheduled}


def signed_in(chromium, live_server, user, width):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(
        locale="en-US", viewport={"width": width, "height": 900}, device_scale_factor=1
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def walk(page, url, name):
    response = page.goto(url)
    assert response.status == 200, url
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{name}.png", full_page=True)
    return page.locator("body").inner_text()


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_partner_pages_read_the_visit_time_and_fit_the_screen(
    chromium, live_server, visits, language, device
):
    width = WIDTHS[device]
    context, page = signed_in(chromium, live_server, visits["member"], width)
    visit = visits["scheduled"]
    with translation.override(language):
        detail_url = live_server.url + visit.get_absolute_url()
        list_url = live_server.url + ("/en" if language == "en" else "") + "/kunjungan-saya/"
    try:
        detail = walk(page, detail_url, f"partner-request-{language}-{device}")
        assert READABLE[language] in detail
        assert READABLE_SLOT[language] in detail
        assert scroll_width(page) <= width

        listing = walk(page, list_url, f"partner-list-{language}-{device}")
        assert READABLE[language] in listing
        assert READABLE_SLOT[language] in listing
        assert scroll_width(page) <= width
    finally:
        context.close()


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_staff_request_page_and_queue_read_the_visit_time(
    chromium, live_server, visits, language, device
):
    width = WIDTHS[device]
    profile = UserProfile.get_for_user(visits["staff"])
    profile.preferred_language = language
    profile.save()
    context, page = signed_in(chromium, live_server, visits["staff"], width)
    visit = visits["scheduled"]
    try:
        inspect = walk(
            page,
            f"{live_server.url}/admin/visit_requests/inspect/{visit.pk}/",
            f"staff-request-{language}-{device}",
        )
        assert READABLE[language] in inspect
        assert READABLE_SLOT[language] in inspect
        assert scroll_width(page) <= width

        queue = walk(
            page, f"{live_server.url}/admin/visit_requests/", f"staff-queue-{language}-{device}"
        )
        assert READABLE[language] in queue
        page.get_by_role("link", name=visit.reference).click()
        page.wait_for_url(f"**/admin/visit_requests/inspect/{visit.pk}/")
    finally:
        context.close()


def test_statistics_bars_are_drawn_in_indonesian(chromium, live_server, visits):
    held = visits["scheduled"]
    held.state = "completed"
    held.scheduled_start = datetime.datetime(2026, 3, 11, 9, tzinfo=WITA)
    held.scheduled_end = held.scheduled_start + datetime.timedelta(hours=2)
    held.save()
    context, page = signed_in(chromium, live_server, visits["staff"], WIDTHS["desktop"])
    try:
        text = walk(page, f"{live_server.url}/admin/visit_statistics/", "staff-statistics-id")
        assert "Kunjungan per bulan" in text
        widest = page.eval_on_selector_all(
            "svg[role=img]",
            "charts => charts.map(chart => Math.max(0, ...[...chart.querySelectorAll('rect')]"
            ".map(rect => rect.getBBox().width)))",
        )
        # Month, year, kind of institution, province (the visit has no topic).
        assert len(widest) == 4
        assert all(width > 100 for width in widest)
    finally:
        context.close()


@pytest.mark.parametrize(("language", "length"), [("id", "2 jam"), ("en", "2 hours")])
def test_visiting_page_gives_the_usual_length_in_words(page, live_server, visits, language, length):
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    prefix = "/en" if language == "en" else ""
    text = walk(page, f"{live_server.url}{prefix}/kunjungan/", f"visiting-{language}-phone")
    assert length in text
    assert "2:00:00" not in text
    assert scroll_width(page) <= WIDTHS["phone"]
