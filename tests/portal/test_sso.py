"""University sign-in (issue 16, part 5): allauth's OpenID Connect against a
real provider on 127.0.0.1 (scripts/sso/provider.mjs, npm oidc-provider).

Only the portal's side goes through Django's test client; the provider's
sign-in and consent pages, its token and userinfo endpoints and its keys are
the real thing, reached over loopback HTTP.
"""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from portal.models import User
from portal.models.privacy import ConsentRecord
from tests.factories.portal import TEST_PASSWORD, UserFactory
from tests.sso import (
    ACCOUNTS,
    PROVIDER_ID,
    PROVIDER_NAME,
    SHORT_CODE_CLIENT_ID,
    LoopbackProvider,
    Signin,
    callback_path_and_query,
    wait_past,
)

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
LOGIN_URL = f"/accounts/oidc/{PROVIDER_ID}/login/"


@pytest.fixture(scope="module")
def provider():
    running = LoopbackProvider(portal_origins=["http://testserver"])
    yield running
    running.stop()


@pytest.fixture
def sso(provider, settings, home):
    provider.configure(settings)
    cache.clear()
    yield provider
    cache.clear()


def start(client, prefix="", next_url=None):
    """Press the university button: the portal redirects to the provider."""
    query = "?process=login" + (f"&next={next_url}" if next_url else "")
    response = client.post(f"{prefix}{LOGIN_URL}{query}")
    assert response.status_code == 302, response.content[:300]
    assert response["Location"].startswith("http://127.0.0.1:")
    return response["Location"]


def round_trip(client, login, prefix=""):
    """Sign in at the provider; the portal's answer to its callback."""
    callback = Signin().authorize(start(client, prefix), login)
    path, query = callback_path_and_query(callback)
    assert path == f"{prefix}/accounts/oidc/{PROVIDER_ID}/login/callback/"
    return client.get(path, query)


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def messages_on(client, url="/accounts/login/"):
    return client.get(url).content.decode()


# --- Configuration ------------------------------------------------------------------


def test_without_a_provider_the_login_page_has_no_university_button(home, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "sso-providers" not in response.content.decode()
    assert Client().post(LOGIN_URL).status_code == 404


@pytest.mark.parametrize(
    ("prefix", "heading", "button"),
    [
        ("", "Atau masuk dengan akun universitas", f"Masuk dengan {PROVIDER_NAME}"),
        ("/en", "Or sign in with your university", f"Sign in with {PROVIDER_NAME}"),
    ],
)
def test_login_page_offers_the_university_in_both_languages(sso, prefix, heading, button):
    html = Client().get(f"{prefix}/accounts/login/").content.decode()
    assert heading in html
    assert button in html
    # The password form is still there.
    assert 'name="password"' in html


def test_settings_read_providers_from_the_environment(monkeypatch):
    from portal.settings.accounts import _oidc_app

    monkeypatch.setenv("DJANGO_OIDC_KAMPUS_NAME", "Universitas Contoh")
    monkeypatch.setenv("DJANGO_OIDC_KAMPUS_SERVER_URL", "https://sso.kampus.example/realms/x/")
    monkeypatch.setenv("DJANGO_OIDC_KAMPUS_CLIENT_ID", "mitra-pustaka")
    monkeypatch.setenv("DJANGO_OIDC_KAMPUS_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("DJANGO_OIDC_KAMPUS_EMAIL_DOMAINS", "kampus.example, @Mail.Kampus.example")
    app = _oidc_app("kampus")
    assert app["provider_id"] == "kampus"
    assert app["settings"]["server_url"] == "https://sso.kampus.example/realms/x"
    assert app["settings"]["email_domains"] == ["kampus.example", "mail.kampus.example"]
    assert app["settings"]["email_authentication"] is True

    monkeypatch.setenv("DJANGO_OIDC_KAMPUS_SERVER_URL", "http://sso.kampus.example")
    with pytest.raises(ImproperlyConfigured, match="https://"):
        _oidc_app("kampus")
    with pytest.raises(ImproperlyConfigured, match="not a valid identity provider id"):
        _oidc_app("Kampus Saya")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_OIDC_LAIN_SERVER_URL"):
        _oidc_app("lain")


# --- The round trip -----------------------------------------------------------------


def test_new_person_signs_up_through_the_university_and_agrees_to_the_notice(sso):
    client = Client()
    response = round_trip(client, "dewi")
    # A first sign-in asks for the name and the privacy consent.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/3rdparty/signup/"
    form = client.get(response["Location"])
    html = form.content.decode()
    assert 'value="Dewi Lestari"' in html
    assert ACCOUNTS["dewi"]["email"] in html

    refused = client.post(
        "/accounts/3rdparty/signup/",
        {"full_name": "Dewi Lestari", "email": ACCOUNTS["dewi"]["email"]},
    )
    assert refused.status_code == 200
    assert "Setujui pemberitahuan privasi untuk melanjutkan." in refused.content.decode()

    response = client.post(
        "/accounts/3rdparty/signup/",
        {
            "full_name": "Dewi Lestari",
            "email": ACCOUNTS["dewi"]["email"],
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    user = signed_in_user(client)
    assert user.email == ACCOUNTS["dewi"]["email"]
    assert user.full_name == "Dewi Lestari"
    assert user.preferred_language == "id"
    assert EmailAddress.objects.get(user=user).verified  # the provider asserted it
    assert SocialAccount.objects.get(user=user).provider == PROVIDER_ID
    assert ConsentRecord.objects.filter(user=user).exists()

    # Next time the same university account signs straight in.
    client.post("/accounts/logout/")
    again = Client()
    response = round_trip(again, "dewi")
    assert response.status_code == 302
    assert signed_in_user(again) == user


def test_verified_address_signs_in_to_the_existing_account_and_password_still_works(sso):
    existing = UserFactory(email=ACCOUNTS["dewi"]["email"], preferred_language="en")
    client = Client()
    response = round_trip(client, "dewi")
    assert response.status_code == 302
    assert signed_in_user(client) == existing
    # Connected for next time, in the account's language.
    assert response["Location"].startswith("/en/")
    assert SocialAccount.objects.filter(user=existing, provider=PROVIDER_ID).exists()

    password = Client().post(
        "/accounts/login/", {"login": existing.email, "password": TEST_PASSWORD}
    )
    assert password.status_code == 302
    assert password["Location"] != "/accounts/login/"


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "belum memverifikasi alamat e-mail Anda budi@kampus.example"),
        ("/en", "has not verified your e-mail address budi@kampus.example"),
    ],
)
def test_unverified_address_is_refused_and_never_links(sso, prefix, message):
    existing = UserFactory(email=ACCOUNTS["budi"]["email"])
    client = Client()
    response = round_trip(client, "budi", prefix=prefix)
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/accounts/login/"
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    html = messages_on(client, response["Location"])
    assert message in html
    assert PROVIDER_NAME in html
    # The owner's password still works.
    assert Client().login(email=existing.email, password=TEST_PASSWORD)


def test_address_outside_the_providers_domains_is_refused(sso, settings, provider):
    provider.configure(settings, provider.app(email_domains=["kampus.example"]))
    client = Client()
    response = round_trip(client, "asing", prefix="/en")
    assert response["Location"] == "/en/accounts/login/"
    assert signed_in_user(client) is None
    assert "signs in only addresses at kampus.example" in messages_on(client, "/en/accounts/login/")


# --- Bad input: state and code ------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "Proses masuk ini tidak dimulai di peramban ini"),
        ("/en", "This sign-in was not started in this browser"),
    ],
)
def test_wrong_state_is_refused_with_a_translated_message(sso, prefix, message):
    client = Client()
    callback = Signin().authorize(start(client, prefix), "dewi")
    path, query = callback_path_and_query(callback)
    query["state"] = "not-the-state-we-sent"
    response = client.get(path, query)
    assert response.status_code == 401
    assert message in response.content.decode()
    assert signed_in_user(client) is None


def test_callback_in_another_browser_is_refused(sso):
    callback = Signin().authorize(start(Client()), "dewi")
    path, query = callback_path_and_query(callback)
    other = Client()
    response = other.get(path, query)
    assert response.status_code == 401
    assert "Proses masuk ini tidak dimulai di peramban ini" in response.content.decode()
    assert signed_in_user(other) is None


def test_a_code_used_twice_is_refused(sso):
    first = Client()
    callback = Signin().authorize(start(first), "dewi")
    path, query = callback_path_and_query(callback)
    assert first.get(path, query).status_code == 302

    # Someone replays the same code with a state of their own.
    thief = Client()
    fresh = Signin().authorize(start(thief), "budi")
    _path, fresh_query = callback_path_and_query(fresh)
    response = thief.get(path, {**query, "state": fresh_query["state"]})
    assert response.status_code == 401
    assert "kode masuknya sudah kedaluwarsa atau sudah dipakai" in response.content.decode()
    assert signed_in_user(thief) is None


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "kode masuknya sudah kedaluwarsa atau sudah dipakai"),
        ("/en", "the sign-in code has expired or was already used"),
    ],
)
def test_an_expired_code_is_refused_with_a_translated_message(
    sso, settings, provider, prefix, message
):
    provider.configure(settings, provider.app(client_id=SHORT_CODE_CLIENT_ID))
    client = Client()
    callback = Signin().authorize(start(client, prefix), "dewi")
    wait_past(2)  # this client's codes live one second at the provider
    path, query = callback_path_and_query(callback)
    response = client.get(path, query)
    assert response.status_code == 401
    html = response.content.decode()
    assert message in html
    assert PROVIDER_NAME in html
    assert signed_in_user(client) is None


def test_provider_error_is_shown_not_a_server_error(sso):
    client = Client()
    callback = Signin().authorize(start(client), "dewi")
    path, query = callback_path_and_query(callback)
    response = client.get(path, {"state": query["state"], "error": "server_error"})
    assert response.status_code == 401
    assert f"{PROVIDER_NAME} tidak memasukkan Anda" in response.content.decode()


def test_unreachable_provider_is_a_message_not_a_server_error(sso, settings, provider):
    provider.configure(settings, provider.app())
    client = Client()
    authorize_url = start(client)
    callback = Signin().authorize(authorize_url, "dewi")
    path, query = callback_path_and_query(callback)
    app = provider.app()
    app["settings"]["server_url"] = "http://127.0.0.1:9"  # nothing listens there
    provider.configure(settings, app)
    response = client.get(path, query)
    assert response.status_code == 401
    assert f"{PROVIDER_NAME} tidak dapat dihubungi" in response.content.decode()
    assert signed_in_user(client) is None

    # Pressing the button while the provider is down: the same message.
    response = Client().post(LOGIN_URL + "?process=login")
    assert response.status_code == 401
    assert f"{PROVIDER_NAME} tidak dapat dihubungi" in response.content.decode()


# --- Staff still need TOTP ----------------------------------------------------------


def staff_member(**kwargs):
    return UserFactory(
        email=ACCOUNTS["rina"]["email"],
        groups=[Group.objects.get(name="Cooperation staff")],
        **kwargs,
    )


def test_staff_signing_in_through_the_university_must_enter_their_totp_code(sso, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    user = staff_member()
    TOTP.activate(user, SECRET)
    client = Client()
    response = round_trip(client, "rina")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user(client) is None  # the university alone is not enough

    code = format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert signed_in_user(client) == user
    assert client.get("/admin/").status_code == 200


def test_staff_without_totp_signing_in_through_the_university_are_sent_to_set_it_up(sso, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    user = staff_member()
    client = Client()
    assert round_trip(client, "rina").status_code == 302
    assert signed_in_user(client) == user
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_account_whose_address_was_never_verified_is_locked_until_the_owner_confirms(sso):
    # Someone signed up with Dewi's address but never proved it. Dewi's
    # university vouches for the address: the squatter's password is gone,
    # and the portal still sends its own confirmation to the address first.
    squatter = UserFactory(email=ACCOUNTS["dewi"]["email"], verified_email=False)
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False, primary=True)
    mail.outbox = []
    client = Client()
    response = round_trip(client, "dewi")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_user(client) is None
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()
    assert mail.outbox
    assert all(message.to == [ACCOUNTS["dewi"]["email"]] for message in mail.outbox)
    assert any("/accounts/confirm-email/" in message.body for message in mail.outbox)


def test_signed_in_person_connects_their_university_account_from_the_account_pages(sso):
    owner = UserFactory(email="budi.pribadi@example.org")
    client = Client()
    client.post("/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD})
    page = client.get("/accounts/3rdparty/").content.decode()
    assert f"Hubungkan {PROVIDER_NAME}" in page

    response = client.post(f"{LOGIN_URL}?process=connect")
    assert response.status_code == 302
    callback = Signin().authorize(response["Location"], "budi")
    path, query = callback_path_and_query(callback)
    response = client.get(path, query)
    # Connecting asks for the password again first (allauth's reauthentication).
    assert response["Location"] == "/accounts/reauthenticate/"
    assert not SocialAccount.objects.exists()
    response = client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/3rdparty/"
    # The owner chose to connect it: the provider's unverified address does
    # not matter, and the account keeps its own address.
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == owner
    owner.refresh_from_db()
    assert owner.email == "budi.pribadi@example.org"

    # From now on the university account signs in to it.
    client.post("/accounts/logout/")
    again = Client()
    assert round_trip(again, "budi").status_code == 302
    assert signed_in_user(again) == owner
