"""Wagtail's own login page sends a person to allauth's, which asks staff for
their TOTP code (issue 11, security findings)."""

import os
import time
from pathlib import Path

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings as django_settings
from django.contrib.auth.models import Group

from tests.factories.portal import TEST_PASSWORD, UserFactory

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SHOTS = Path(
    os.environ.get("PORTAL_SCREENSHOT_DIR", django_settings.BASE_DIR / "test-results" / "shots")
)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_staff_member_opening_wagtail_login_signs_in_through_allauth_with_totp(
    page, site, live_server, settings
):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    user = UserFactory(
        email="kerjasama@openlibrary.example",
        groups=[Group.objects.get(name="Cooperation staff")],
    )
    TOTP.activate(user, SECRET)

    page.goto(f"{live_server.url}/_util/login/?next=/admin/")
    assert page.url == f"{live_server.url}/accounts/login/?next=%2Fadmin%2F"
    assert page.locator("#id_login").is_visible()
    assert page.locator("input[name=username]").count() == 0  # not Wagtail's form
    shot(page, "01-util-login-lands-on-allauth")

    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
    assert page.locator("#id_code").is_visible()
    shot(page, "02-allauth-asks-for-the-totp-code")

    code = format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
    page.locator("#id_code").fill(code)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("link", name="Dasbor").or_(page.get_by_text("Dasbor")).count() > 0
    shot(page, "03-admin-after-totp")

    # Signed in, the old address still leads to allauth (which, for a
    # signed-in person, goes on to the home page), never to a password form.
    page.goto(f"{live_server.url}/en/_util/login/")
    assert "/_util/" not in page.url
    assert page.locator("input[name=password]").count() == 0
    shot(page, "04-util-login-when-signed-in")
