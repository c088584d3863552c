"""University sign-in in a browser (issue 16, part 5): the portal's sign-in
page, the real OpenID Connect provider on 127.0.0.1 (npm oidc-provider, its
development sign-in and consent pages) and back, signed in."""

import os
import re
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings

from portal.models import User
from tests.factories.portal import UserFactory
from tests.sso import ACCOUNTS, PROVIDER_NAME, LoopbackProvider

SHOTS = Path(
    os.environ.get(
        "PORTAL_SCREENSHOT_DIR", django_settings.BASE_DIR / "test-results" / "shots" / "sso"
    )
)
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def provider(live_server):
    running = LoopbackProvider(portal_origins=[live_server.url])
    yield running
    running.stop()


@pytest.fixture
def sso(provider, settings, site):
    provider.configure(settings)
    return provider


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in_at_provider(page, login):
    """The provider's own pages: any password for the accounts it knows."""
    page.wait_for_url(re.compile(r"http://127\.0\.0\.1:\d+/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize(
    ("prefix", "heading", "button"),
    [
        ("", "Atau masuk dengan akun universitas", f"Masuk dengan {PROVIDER_NAME}"),
        ("/en", "Or sign in with your university", f"Sign in with {PROVIDER_NAME}"),
    ],
)
def test_sign_in_page_offers_the_university_beside_the_password(
    page, sso, live_server, width, prefix, heading, button
):
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{live_server.url}{prefix}/accounts/login/")
    assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_role("button", name=button).is_visible()
    assert page.locator("#id_password").is_visible()
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    shot(page, f"sign-in-{'id' if not prefix else 'en'}-{WIDTHS[width]['width']}")


def test_new_person_signs_in_with_the_university_and_lands_signed_in(page, sso, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name=f"Masuk dengan {PROVIDER_NAME}").click()
    sign_in_at_provider(page, "dewi")

    # Back at the portal: confirm the name and agree to the privacy notice.
    page.wait_for_url(f"{live_server.url}/accounts/3rdparty/signup/")
    assert page.locator("#id_full_name").input_value() == "Dewi Lestari"
    assert page.locator("#id_email").input_value() == ACCOUNTS["dewi"]["email"]
    shot(page, "first-sign-in-form")
    page.locator("#id_privacy_consent").check()
    page.locator("main").get_by_role("button").last.click()

    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/(?!accounts/)"))
    assert page.get_by_role("button", name="Keluar").count() > 0
    shot(page, "signed-in-after-university")
    user = User.objects.get(email=ACCOUNTS["dewi"]["email"])
    assert SocialAccount.objects.filter(user=user).exists()


def test_existing_account_with_a_verified_address_is_signed_in(page, sso, live_server):
    existing = UserFactory(email=ACCOUNTS["dewi"]["email"], preferred_language="en")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    sign_in_at_provider(page, "dewi")
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.get_by_role("button", name="Sign out").count() > 0
    assert SocialAccount.objects.get(provider="kampus").user == existing


def test_unverified_address_is_refused_with_a_message(page, sso, live_server):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    sign_in_at_provider(page, "budi")
    page.wait_for_url(f"{live_server.url}/en/accounts/login/")
    message = page.get_by_text("has not verified your e-mail address budi@kampus.example")
    assert message.is_visible()
    shot(page, "unverified-address-refused")
    assert not User.objects.filter(email=ACCOUNTS["budi"]["email"]).exists()


def test_callback_with_a_forged_state_shows_why_it_was_stopped(page, sso, live_server):
    response = page.goto(
        f"{live_server.url}/en/accounts/oidc/kampus/login/callback/?code=forged&state=forged"
    )
    assert response.status == 401
    assert page.get_by_role("heading", name="University sign-in failed").is_visible()
    assert page.get_by_text("This sign-in was not started in this browser").is_visible()
    assert page.get_by_role("link", name="Back to sign-in").is_visible()
    shot(page, "forged-state-refused")


def test_sso_pages_are_valid_html_without_serious_accessibility_violations(page, sso, live_server):
    from tests.browser.page_checks import (
        AXE_FAILING_IMPACTS,
        axe_violations,
        require_checkers,
        vnu_errors,
    )

    require_checkers()
    documents, serious = {}, []
    for path in [
        "/accounts/login/",
        "/en/accounts/login/",
        "/accounts/oidc/kampus/login/callback/?code=forged&state=forged",
        "/en/accounts/oidc/kampus/login/callback/?code=forged&state=forged",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        documents[path] = response.text()
        serious += [
            (path, rule, nodes)
            for impact, rule, _help, nodes in axe_violations(page)
            if impact in AXE_FAILING_IMPACTS
        ]
    assert serious == []
    assert {path: errors for path, errors in vnu_errors(documents).items() if errors} == {}
