"""Sessions, staff MFA and database safety nets (security checklist AUTH-6, AUTH-9, AUTH-10)."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.factories.portal import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def age_session(client, *, login=0, last_seen=0):
    session = client.session
    now = int(time.time())
    session["portal_login_time"] = now - login
    session["portal_last_seen"] = now - last_seen
    session.save()


def test_idle_partner_session_ends_after_three_hours(home):
    client = signed_in(UserFactory())
    age_session(client, last_seen=3 * 3600 - 60)
    assert client.get("/en/accounts/preferences/").status_code == 200
    age_session(client, last_seen=3 * 3600 + 60)
    response = client.get("/en/accounts/preferences/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/en/accounts/preferences/").status_code == 302  # really signed out


@pytest.mark.parametrize(
    "group", [None, "Writers", "Editors", "Cooperation staff", "Administrators"]
)
def test_staff_idle_limit_is_one_hour_for_every_staff_role(home, group):
    # Roles are groups; only the demo administrator has is_staff set.
    if group:
        user = UserFactory(groups=[Group.objects.get(name=group)])
    else:
        user = UserFactory(is_staff=True)
    client = signed_in(user)
    age_session(client, last_seen=3600 - 60)
    assert client.get("/en/accounts/preferences/").status_code == 200
    age_session(client, last_seen=3600 + 60)
    response = client.get("/en/accounts/preferences/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_busy_session_still_ends_after_twelve_hours(home):
    client = signed_in(UserFactory())
    age_session(client, login=12 * 3600 - 60, last_seen=10)
    assert client.get("/en/accounts/preferences/").status_code == 200
    age_session(client, login=12 * 3600 + 60, last_seen=10)
    assert client.get("/en/accounts/preferences/").status_code == 302


def test_login_rotates_the_session_key(home):
    client = Client()
    client.get("/en/accounts/login/")
    client.session.save()
    before = client.cookies["sessionid"].value
    client.post("/en/accounts/login/", {"login": UserFactory().email, "password": TEST_PASSWORD})
    assert client.cookies["sessionid"].value != before


def test_password_change_ends_the_other_sessions(home):
    user = UserFactory()
    first, second = signed_in(user), signed_in(user)
    # A fresh login counts as recent authentication for allauth.
    response = first.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "a-new-long-pass-42",
            "password2": "a-new-long-pass-42",
        },
    )
    assert response.status_code == 302
    assert first.get("/en/accounts/preferences/").status_code == 200
    assert second.get("/en/accounts/preferences/").status_code == 302


def test_user_can_see_their_signed_in_devices(home):
    client = signed_in(UserFactory())
    response = client.get("/en/accounts/sessions/")
    assert response.status_code == 200
    assert "Signed-in devices" in response.text


@pytest.mark.parametrize("group", ["Writers", "Editors", "Cooperation staff", "Administrators"])
def test_privileged_users_must_set_up_totp_before_the_admin(home, settings, group):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    user = UserFactory(groups=[Group.objects.get(name=group)])
    client = signed_in(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")
    # An authenticator added behind the session's back is not enough: the
    # session itself must prove it before the admin opens.
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    cache.clear()  # allauth remembers used codes; the last run used this one
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(response["Location"], {"code": code})
    assert client.get("/admin/").status_code == 200


def test_partners_are_not_sent_to_mfa_but_kept_out_of_the_admin(home, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    client = signed_in(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/2fa/" not in response["Location"]


def test_admin_login_goes_through_allauth_and_its_rate_limits(home):
    response = Client().get("/admin/login/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.postgres
def test_postgres_stops_runaway_statements(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (value,) = cursor.fetchone()
    assert value == f"{settings.DB_STATEMENT_TIMEOUT_MS}ms" or value.endswith("s")


def test_public_pages_carry_a_strict_content_security_policy(client, home):
    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    # No inline code at all: scripts come from the portal's own files.
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_template_that_needs_inline_code_gets_a_fresh_nonce_per_response():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from portal.middleware import PortalCSPMiddleware

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    middleware = PortalCSPMiddleware(view)
    first = middleware(RequestFactory().get("/"))
    second = middleware(RequestFactory().get("/"))
    nonce = first.content.decode().split('"')[1]
    assert f"'nonce-{nonce}'" in first["Content-Security-Policy"]
    assert nonce not in second["Content-Security-Policy"]


def test_admin_policy_admits_inline_code_but_no_other_origin(home):
    client = signed_in(UserFactory(is_superuser=True, is_staff=True))
    policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "nonce-" not in policy
    assert "frame-ancestors 'self'" in policy
    assert "http" not in policy.split("frame-src")[0]


@pytest.mark.parametrize(
    "url",
    [
        "/en/accounts/preferences/",
        "/accounts/preferences/",
        "/en/accounts/email/",
        "/en/accounts/sessions/",
        "/en/accounts/privacy/",
    ],
)
def test_account_pages_with_personal_data_are_never_stored(home, url):
    user = UserFactory(full_name="Nur Aisyah Sentinel", phone="+62 811 2345 678")
    client = signed_in(user)
    response = client.get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    if url.endswith("/preferences/"):
        assert "+62 811 2345 678" in response.text
