"""A partner sends the request form with a mistake, reads precisely what is
wrong with which time, finds the letter kept, fixes the date and sends it.

Screenshots: test-results/screenshots/<test>/ (git-ignored).
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from tests.factories.files import pdf_bytes
from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.portal import TEST_PASSWORD
from tests.factories.visits import ClosedDateFactory, VenueFactory, weekday_after
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"
TEXTS = {
    "id": {
        "prefix": "",
        "closed": "Waktu pilihan pertama: Open Library Telkom University tutup pada {day} "
        "(Cuti bersama). Hari yang masih tersedia: {free}",
        "kept": "Surat Anda “surat-permohonan.pdf” sudah kami simpan",
        "weekday": "l, j F Y",
        "heading": "Permohonan kunjungan",
    },
    "en": {
        "prefix": "/en",
        "closed": "1st preferred time: Open Library Telkom University is closed on {day} "
        "(Cuti bersama). Days with room: {free}",
        "kept": "Your letter “surat-permohonan.pdf” is kept",
        "weekday": "l j F Y",
        "heading": "Visit request",
    },
}


def no_sideways_scroll(page):
    width, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"


@pytest.mark.parametrize(("language", "width"), [("id", 390), ("en", 1366)])
def test_partner_fixes_a_refused_time_and_keeps_the_letter(
    page, live_server, site, language, width
):
    texts = TEXTS[language]
    shots = SCREENSHOTS / f"visit-request-errors-{language}-{width}"
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    institution = InstitutionFactory(name="Poltekes Banjarmasin")
    member = MembershipFactory(
        institution=institution, user__full_name="Nur Aisyah", user__email="nur@poltekes.example"
    ).user
    VenueFactory(name="Open Library Telkom University")
    closed = weekday_after(28, weekday=0)  # a Monday
    ClosedDateFactory(venue=None, date=closed, reason="Cuti bersama")
    next_day = closed + datetime.timedelta(days=1)
    with translation.override(language):
        expected = texts["closed"].format(
            day=date_format(closed, "j F Y"), free=date_format(next_day, texts["weekday"])
        )
    letter = pdf_bytes(text_pages=2)

    page.goto(f"{live_server.url}{texts['prefix']}/kunjungan-saya/ajukan/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r".*/kunjungan-saya/ajukan/$"))

    page.locator("#id_slot_1_date").fill(closed.isoformat())
    page.locator("#id_slot_1_start").fill("09:00")
    page.locator("#id_slot_1_end").fill("11:00")
    page.locator("#id_purpose").fill("Belajar layanan repositori.")
    page.locator("#id_group_size").fill("12")
    page.locator("#id_leaders_count").fill("2")
    page.locator("#id_librarians_count").fill("10")
    page.locator("#id_request_letter").set_input_files(
        {"name": "surat-permohonan.pdf", "mimeType": "application/pdf", "buffer": letter}
    )
    page.locator("input[name=privacy_consent]").check()
    page.screenshot(path=str(shots / "01-filled.png"), full_page=True)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()

    # Which slot, why, and what is free instead; the letter is not lost.
    error = page.locator(".visits-slot .errorlist").first
    assert error.inner_text().startswith(expected)
    assert texts["kept"] in page.locator(".field__kept").inner_text()
    assert page.locator("#id_request_letter").input_value() == ""
    no_sideways_scroll(page)
    error.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "02-refused.png"), full_page=True)
    assert VisitRequest.objects.count() == 0

    page.locator("#id_slot_1_date").fill(next_day.isoformat())
    page.locator("form.form button[type=submit]").click()

    page.wait_for_url(re.compile(r".*/kunjungan-saya/\d+/$"))
    visit = VisitRequest.objects.get()
    assert page.locator("h1").inner_text() == f"{texts['heading']} {visit.reference}"
    with visit.request_letter.open("rb") as stored:
        assert stored.read() == letter
    page.screenshot(path=str(shots / "03-sent.png"), full_page=True)
