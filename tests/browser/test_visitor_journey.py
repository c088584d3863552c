import re

import pytest
from django.core import mail
from wagtail.models import Page, Site

from portal.models import User
from tests.factories import HomePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_home(live_server, locales):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(
        parent=root, slug="beranda", hero_title="Selamat datang di Mitra Pustaka"
    )
    english = home.copy_for_translation(locales["en"])
    english.hero_title = "Welcome to Mitra Pustaka"
    english.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def test_visitor_switches_language_signs_up_verifies_and_signs_in(page, live_server, site_home):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Selamat datang di Mitra Pustaka"

    # Language switch with the keyboard-reachable button.
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("h1").inner_text() == "Welcome to Mitra Pustaka"
    assert page.locator("html").get_attribute("lang") == "en"

    # Sign up through allauth.
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Full name").fill("Rina Librarian")
    page.get_by_label("Email").fill("rina@library.example")
    page.get_by_label(re.compile(r"^Password\s*\*?$")).fill("membaca-itu-asyik-77")
    page.get_by_label("Password (again)").fill("membaca-itu-asyik-77")
    page.get_by_label(re.compile(r"^I have read the privacy notice")).check()
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r".*/en/accounts/confirm-email/$"))
    assert "Verify Your Email Address" in page.content()
    assert User.objects.get(email="rina@library.example").full_name == "Rina Librarian"

    # The verification link from the test outbox.
    link = re.search(
        r"https?://[^\s]+/en/accounts/confirm-email/[^\s/]+/", mail.outbox[-1].body
    ).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    # A new user goes on to join or register their institution.
    page.wait_for_url(re.compile(r".*/en/institusi-saya/gabung/$"))
    assert page.get_by_role("heading", name="Join your institution").is_visible()

    # Sign out, then sign in with the new account.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    if "/accounts/logout/" in page.url:
        page.get_by_role("button", name="Sign Out").click()
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Email").fill("rina@library.example")
    page.get_by_label(re.compile(r"^Password\s*\*?$")).fill("membaca-itu-asyik-77")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/en/$"))
    assert page.get_by_role("link", name="Rina Librarian").is_visible()
