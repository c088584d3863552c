"""A librarian who has just signed up registers their institution; once staff
verify it, they are its coordinator, see it on "My institution" and the
public directory lists it."""

import re

import pytest

from partners import services
from partners.models import Institution, Membership
from tests.factories.portal import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_librarian_registers_an_institution_and_coordinates_it_once_verified(
    page, live_server, site
):
    librarian = UserFactory(full_name="Dewi Pustakawan", email="dewi@perpus-garut.example")
    staff = UserFactory(full_name="Staf Kerja Sama", is_staff=True)

    page.goto(live_server.url + "/en/institusi-saya/gabung/")
    page.wait_for_url(re.compile(r".*/en/accounts/login/\?next=.*"))
    page.get_by_label("Email").fill(librarian.email)
    page.get_by_label(re.compile(r"^Password\s*\*?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/en/institusi-saya/gabung/$"))

    register = page.locator("form", has=page.get_by_role("button", name="Register the institution"))
    # A missing required field is named, and what was typed stays.
    register.get_by_label("Name").first.fill("Perpustakaan Daerah Garut")
    register.get_by_role("button", name="Register the institution").click()
    page.wait_for_load_state()
    assert page.get_by_label("Name").first.input_value() == "Perpustakaan Daerah Garut"
    assert page.locator(".errorlist").first.is_visible()

    register = page.locator("form", has=page.get_by_role("button", name="Register the institution"))
    register.get_by_label("Kind").select_option(label="Public library")
    register.get_by_label("Province").select_option(label="Jawa Barat")
    register.get_by_label("City").fill("Garut")
    register.get_by_label("Your job title").fill("Kepala perpustakaan")
    register.get_by_role("button", name="Register the institution").click()
    page.wait_for_url(re.compile(r".*/en/institusi-saya/gabung/$"))
    assert "waiting for verification by our staff" in page.locator("main").inner_text()

    # Not public before staff verify it.
    page.goto(live_server.url + "/en/mitra/")
    assert "Perpustakaan Daerah Garut" not in page.locator("main").inner_text()

    institution = Institution.objects.get(name="Perpustakaan Daerah Garut")
    services.institution_verify(institution=institution, by=staff)

    page.goto(live_server.url + "/en/institusi-saya/")
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Perpustakaan Daerah Garut" in main
    membership = Membership.objects.get(user=librarian, institution=institution)
    assert membership.state == Membership.State.ACTIVE
    page.get_by_role("link", name="See the public page").click()
    page.wait_for_url(re.compile(rf".*/en/mitra/{institution.slug}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Perpustakaan Daerah Garut"
    page.goto(live_server.url + "/en/mitra/")
    assert "Perpustakaan Daerah Garut" in page.locator("main").inner_text()
