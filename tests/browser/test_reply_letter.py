"""The official reply letter, from both sides: the partner's coordinator
downloads it from the visit's status page (in the request's language), and
the cooperation staff member sees it, current and superseded, on the
request's page in the admin. Indonesian and English, desktop and phone.

Screenshots: test-results/screenshots/<test>/."""

import datetime
import io

import pytest
from pypdf import PdfReader

from tests.browser.test_journey_staff import sign_in, staff_admin_language

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
PASSWORD = "pustaka-demo-2024"

TEXT = {
    "id": {
        "download": "Unduh surat balasan (PDF)",
        "section": "Surat balasan",
        "current": "berlaku",
        "superseded": "digantikan oleh",
        "zone": "WIB (Waktu Indonesia Barat)",
        "place": "Bandung, ",
        "month": "Desember",
    },
    "en": {
        "download": "Download the reply letter (PDF)",
        "section": "Reply letter",
        "current": "current",
        "superseded": "superseded by",
        "zone": "WIB (Western Indonesia Time)",
        "place": "Bandung, ",
        "month": "December",
    },
}


def _visit_with_letters(viewport, language):
    """A scheduled visit of the demo partner made in ``language``, with a
    letter issued and then superseded by a second one."""
    from django.utils import timezone

    from partners.models import Institution, Membership
    from portal.models import User
    from tests.factories.visits import ScheduledVisitFactory
    from visits.demo_requests import open_time
    from visits.models import Venue
    from visits.services import reply_letters

    venue = Venue.objects.active().order_by("pk").first()
    offset = {"desktop": 64, "phone": 71}[viewport] + (0 if language == "id" else 14)
    start, end = open_time(venue, timezone.localdate() + datetime.timedelta(days=offset))
    institution = Institution.objects.get(slug="poltekes-banjarmasin")
    member = Membership.objects.filter(institution=institution, user__email=COORDINATOR).get().user
    visit = ScheduledVisitFactory(
        institution=institution,
        requester=member,
        contact_email=COORDINATOR,
        venue=venue,
        scheduled_start=start,
        scheduled_end=end,
        language=language,
    )
    staff = User.objects.get(email="kerjasama@openlibrary.example")
    first = reply_letters.reply_letter_issue(visit=visit, actor=staff)
    second = reply_letters.reply_letter_issue(visit=visit, actor=staff)
    return visit, first, second


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_partner_downloads_the_reply_letter_and_staff_see_every_letter(
    demo, journey, viewport, language
):
    text = TEXT[language]
    visit, first, second = _visit_with_letters(viewport, language)
    prefix = "" if language == "id" else "/en"
    page = journey.page

    journey.goto("/accounts/login/")
    page.locator("#id_login").fill(COORDINATOR)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    journey.goto(f"{prefix}/kunjungan-saya/{visit.pk}/")
    main = journey.main_text()
    assert second.number in main and first.number not in main
    journey.step(f"status page with the reply letter ({language})")
    with page.expect_download() as info:
        page.get_by_role("link", name=text["download"]).click()
    download = info.value
    assert download.suggested_filename == second.download_name
    with open(download.path(), "rb") as handle:
        letter = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages).split()
        )
    assert second.number in letter
    assert text["zone"] in letter
    assert text["place"] in letter and text["month"] in letter
    journey.context.clear_cookies()

    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto(f"/admin/visit_requests/inspect/{visit.pk}/")
        section = page.locator("#reply-letter").inner_text()
        assert text["section"] in section
        assert f"{second.number}" in section and text["current"] in section
        assert f"{text['superseded']} {second.number}" in section
        journey.step(f"request page with its letters ({language})")
    finally:
        staff_admin_language("id")
