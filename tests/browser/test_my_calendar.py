"""A partner member makes their private calendar link on "Kalender saya",
switches language and signs out from that page; and the event pages a
phone shows (month calendar, partner page, member table) fit 390 px."""

import datetime
import os
import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.utils import timezone

from partners.models import Membership
from tests.factories.events import EventFactory
from tests.factories.partners import MembershipFactory
from tests.factories.portal import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: $BROWSER_SHOTS_DIR when set (to look at them), else a temp folder."""
    folder = os.environ.get("BROWSER_SHOTS_DIR") or str(tmp_path)
    os.makedirs(folder, exist_ok=True)
    return folder


def _sign_in(page, live_server, user, path):
    page.goto(live_server.url + "/en/accounts/login/?next=" + path)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label(re.compile(r"^Password\s*\*?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(rf".*{re.escape(path)}$"))


def _failures(page):
    failed = []
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return failed


def test_member_makes_the_link_switches_language_and_signs_out_from_my_calendar(
    page, live_server, site, shots
):
    membership = MembershipFactory(user__full_name="Nur Aisyah")
    EventFactory(title="Rapat persiapan", partners=[membership.institution], is_public=False)
    failed = _failures(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, live_server, membership.user, "/en/kalender-saya/")
    assert page.get_by_role("heading", level=1).inner_text() == "My calendar"

    page.get_by_role("button", name="Make my private link").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").filter(has_text="Copy it now").is_visible()
    feed_url = page.get_by_label("Private calendar link").input_value()
    token = urlsplit(feed_url).path.rsplit("/", 1)[-1].removesuffix(".ics")
    assert len(token) == 43
    # The page's own address never carries the token.
    assert urlsplit(page.url).path == "/en/kalender-saya/"
    assert token not in page.url
    page.screenshot(path=f"{shots}/browser-my-calendar-link-en-1366.png", full_page=True)
    calendar = page.request.get(live_server.url + urlsplit(feed_url).path)
    assert calendar.status == 200
    events = icalendar.Calendar.from_ical(calendar.body()).events
    assert [str(event["SUMMARY"]) for event in events] == ["Rapat persiapan"]

    # Reloading shows the link no more; making a new one works again.
    page.reload()
    assert page.get_by_label("Private calendar link").count() == 0
    assert "You made your private link on" in page.locator("main").inner_text()
    page.get_by_role("button", name="Make a new link (the old one stops working)").click()
    page.wait_for_load_state()
    assert page.get_by_label("Private calendar link").input_value() != feed_url

    page.get_by_role("button", name="Bahasa Indonesia").click()
    page.wait_for_url(re.compile(r".*/kalender-saya/$"))
    assert urlsplit(page.url).path == "/kalender-saya/"
    assert page.get_by_role("heading", level=1).inner_text() == "Kalender saya"
    assert page.get_by_role("button", name="Buat tautan baru (tautan lama berhenti berfungsi)")

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Masuk").first.is_visible()
    assert failed == []


def test_a_revoked_member_is_told_there_is_no_link_for_them(page, live_server, site):
    membership = MembershipFactory(state=Membership.State.REVOKED)
    _sign_in(page, live_server, membership.user, "/en/kalender-saya/")
    assert "you cannot have a private calendar link" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Make my private link").count() == 0


def test_phone_pages_show_weekdays_and_dates_and_do_not_scroll_sideways(
    page, live_server, site, shots
):
    coordinator = MembershipFactory(
        role=Membership.Role.COORDINATOR, institution__name="Poltekkes Banjarmasin"
    )
    institution = coordinator.institution
    for name in ("Rahmat Hidayat", "Siti Rahmah"):
        MembershipFactory(
            institution=institution,
            user__full_name=name,
            user__email=f"{name.split()[0].lower()}.panjang@poltekes-banjarmasin.example",
            job_title="Staf Perpustakaan",
        )
    start = timezone.localtime() + datetime.timedelta(days=3)
    start = start.replace(hour=14, minute=0, second=0, microsecond=0)
    EventFactory(
        title="Klub Baca Sehat",
        partners=[institution],
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url + "/en/acara/bulan/?month=" + start.strftime("%Y-%m"))
    day = page.locator(".event-month td", has_text="Klub Baca Sehat")
    assert day.locator(".event-month__weekday").is_visible()
    assert day.locator(".event-month__weekday").inner_text() == start.strftime("%a")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{shots}/browser-month-en-390.png", full_page=True)

    page.goto(live_server.url + f"/en/mitra/{institution.slug}/")
    item = page.locator("li", has_text="Klub Baca Sehat")
    assert re.search(r"Klub Baca Sehat · \w+\. \d+, \d{4}, 14:00–16:00 WIB", item.inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    _sign_in(page, live_server, coordinator.user, f"/en/institusi-saya/{institution.slug}/")
    members = page.locator("table.data-table")
    assert members.locator("td", has_text="Rahmat Hidayat").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    members.screenshot(path=f"{shots}/browser-members-en-390.png")
