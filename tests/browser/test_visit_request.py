import re

import pytest

from tests.factories.files import pdf_bytes
from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.portal import TEST_PASSWORD
from tests.factories.visits import VenueFactory, weekday_after
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db(transaction=True)


def test_partner_signs_in_and_requests_a_visit(page, live_server, site):
    institution = InstitutionFactory(name="Poltekes Banjarmasin")
    member = MembershipFactory(
        institution=institution, user__full_name="Nur Aisyah", user__email="nur@poltekes.example"
    ).user
    VenueFactory(name="Open Library Telkom University")
    day = weekday_after(21)

    page.goto(live_server.url + "/en/kunjungan/")
    assert "Open Library Telkom University" in page.locator("main").inner_text()
    page.get_by_role("link", name="Request a visit").last.click()

    # Not signed in yet: allauth asks first, then returns to the form.
    page.wait_for_url(re.compile(r".*/en/accounts/login/\?next=.*"))
    page.get_by_label("Email").fill(member.email)
    page.get_by_label(re.compile(r"^Password\s*\*?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/en/kunjungan-saya/ajukan/$"))

    page.locator("#id_slot_1_date").fill(day.isoformat())
    page.locator("#id_slot_1_start").fill("09:00")
    page.locator("#id_slot_1_end").fill("11:00")
    page.locator("#id_purpose").fill("Learn how a digital library is run.")
    page.get_by_label("Group size").fill("12")
    page.get_by_label("Leaders").fill("2")
    page.locator("#id_librarians_count").fill("10")
    assert page.get_by_label("Contact person").input_value() == "Nur Aisyah"
    page.locator("#id_request_letter").set_input_files(
        {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_label(re.compile(r"^I have read the privacy notice")).check()
    page.get_by_role("button", name="Send the request").click()

    page.wait_for_url(re.compile(r".*/en/kunjungan-saya/\d+/$"))
    visit = VisitRequest.objects.get()
    assert visit.requester == member
    heading = page.locator("h1").inner_text()
    assert heading == f"Visit request {visit.reference}"
    assert "Submitted" in page.locator("main").inner_text()
    assert f"Your request {visit.reference} has been sent." in page.content()
