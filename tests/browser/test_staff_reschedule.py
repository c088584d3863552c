"""Moving a scheduled visit, from both sides: the cooperation staff member
moves one from its page in the admin; the partner's coordinator asks for
another time from the status page, and the request comes back to the
staff's queue under review. Indonesian and English, desktop and phone.

Screenshots: test-results/screenshots/<test>/."""

import datetime
import re

import pytest

from tests.browser.test_journey_staff import sign_in, staff_admin_language

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
PASSWORD = "pustaka-demo-2024"

TEXT = {
    "id": {
        "move": "Pindahkan kunjungan",
        "moved": "dipindahkan ke",
        "history": "Dipindahkan",
        "ask": "Minta waktu lain",
        "send": "Kirim permohonan",
        "back": "kembali ditinjau",
        "under_review": "Sedang ditinjau",
    },
    "en": {
        "move": "Move the visit",
        "moved": "is moved to",
        "history": "Moved",
        "ask": "Ask for another time",
        "send": "Send the request",
        "back": "back under review",
        "under_review": "Under review",
    },
}


def _scheduled_visit(viewport, language):
    """A scheduled visit of the demo partner, on a free time of its venue."""
    from django.utils import timezone

    from partners.models import Institution, Membership
    from tests.factories.visits import ScheduledVisitFactory
    from visits.demo_requests import open_time
    from visits.models import Venue

    venue = Venue.objects.active().order_by("pk").first()
    offset = {"desktop": 50, "phone": 57}[viewport] + (0 if language == "id" else 14)
    start, end = open_time(venue, timezone.localdate() + datetime.timedelta(days=offset))
    institution = Institution.objects.get(slug="poltekes-banjarmasin")
    member = Membership.objects.filter(institution=institution, user__email=COORDINATOR).get().user
    return ScheduledVisitFactory(
        institution=institution,
        requester=member,
        contact_email=COORDINATOR,
        venue=venue,
        scheduled_start=start,
        scheduled_end=end,
    ), venue


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_move_a_visit_and_the_partner_asks_for_another_time(
    demo, journey, viewport, language
):
    from django.core import mail

    from visits.demo_requests import open_time
    from visits.models import VisitRequest

    text = TEXT[language]
    page = journey.page
    visit, venue = _scheduled_visit(viewport, language)
    new_start, _new_end = open_time(
        venue, visit.scheduled_start.date() + datetime.timedelta(days=7)
    )
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto(f"/admin/visit_requests/inspect/{visit.pk}/")
        page.locator("#id_reschedule-date").fill(new_start.date().isoformat())
        page.locator("#id_reschedule-note").fill("Ruang diskusi dipakai rapat senat.")
        page.get_by_role("button", name=text["move"]).click()
        page.wait_for_load_state()
        main = journey.main_text()
        assert f"{visit.reference} {text['moved']}" in main
        assert text["history"] in main
        assert "Ruang diskusi dipakai rapat senat." in main
        journey.step(f"visit moved ({language})")
        visit.refresh_from_db()
        assert visit.scheduled_start.date() == new_start.date()
        assert visit.sequence == 2
        assert any(name.endswith(".ics") for m in mail.outbox for name, *_ in m.attachments)
    finally:
        staff_admin_language("id")

    # The coordinator asks for another time from the status page.
    partner = journey.context.browser.new_context(
        viewport=journey.page.viewport_size, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    try:
        other = partner.new_page()
        prefix = "" if language == "id" else "/en"
        other.goto(f"{journey.base_url}/accounts/login/")
        other.locator("#id_login").fill(COORDINATOR)
        other.locator("#id_password").fill(PASSWORD)
        other.locator("main form button[type=submit]").last.click()
        other.wait_for_load_state()
        other.goto(f"{journey.base_url}{prefix}/kunjungan-saya/{visit.pk}/")
        other.get_by_role("link", name=text["ask"]).click()
        other.wait_for_load_state()
        wanted, _ = open_time(venue, visit.scheduled_start.date() + datetime.timedelta(days=7))
        other.locator("#id_slot_1_date").fill(wanted.date().isoformat())
        other.locator("#id_slot_1_start").fill(wanted.strftime("%H:%M"))
        other.locator("#id_slot_1_end").fill(
            (wanted + datetime.timedelta(hours=2)).strftime("%H:%M")
        )
        other.locator("#id_reason").fill("Bertepatan dengan akreditasi kampus.")
        path = journey.folder / f"partner-ask-{language}-{journey.width}.png"
        other.screenshot(path=str(path), full_page=True)
        other.get_by_role("button", name=text["send"]).click()
        other.wait_for_load_state()
        body = other.locator("body").inner_text()
        assert text["back"] in body
        assert "Bertepatan dengan akreditasi kampus." in body
        path = journey.folder / f"partner-asked-{language}-{journey.width}.png"
        other.screenshot(path=str(path), full_page=True)
    finally:
        partner.close()
    assert VisitRequest.objects.get(pk=visit.pk).state == "under_review"

    # Back in the staff's queue, under review.
    journey.goto("/admin/visit_requests/?state=under_review")
    row = page.locator("table.listing tbody tr", has_text=visit.reference)
    assert row.count() == 1
    assert re.search("Sedang ditinjau|Under review", row.inner_text())
