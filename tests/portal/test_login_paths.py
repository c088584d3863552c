"""Every sign-in goes through allauth; staff pages need a second factor
(issue 11, security findings; security checklist AUTH-5, AUTH-6, AUTH-9)."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from portal.access import user_has_staff_access
from tests.factories import StandardPageFactory
from tests.factories.partners import AgreementDocumentFactory, InstitutionFactory
from tests.factories.portal import TEST_PASSWORD, UserFactory
from tests.factories.visits import VisitRequestFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def current_code(secret=SECRET):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def staff(group="Cooperation staff", **kwargs):
    return UserFactory(groups=[Group.objects.get(name=group)], **kwargs)


def with_totp(user):
    TOTP.activate(user, SECRET)
    return user


def password_only(user):
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client, response


def signed_in_with_totp(user):
    client, response = password_only(user)
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_code()})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    return client


# --- Wagtail's own login page ---------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_wagtail_login_page_sends_people_to_allauth_keeping_next(home, prefix):
    response = Client().get(f"{prefix}/_util/login/", {"next": "/kunjungan-saya/"})
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/accounts/login/?next=%2Fkunjungan-saya%2F"


def test_wagtail_login_page_drops_an_off_site_next(home):
    response = Client().get("/_util/login/", {"next": "https://evil.example/"})
    assert response["Location"] == "/accounts/login/"


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: with_totp(staff()),
        lambda: UserFactory(verified_email=False),
    ],
    ids=["staff-with-totp", "unverified"],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_password_posted_to_wagtail_login_signs_nobody_in(home, make_user, prefix):
    user = make_user()
    client = Client()
    response = client.post(
        f"{prefix}/_util/login/",
        {"username": user.email, "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{prefix}/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_admin_login_goes_to_allauth_keeping_next(home):
    response = Client().get("/admin/login/", {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


@pytest.mark.parametrize("language", ["id", "en"])
def test_login_required_pages_send_readers_to_allauth(home, locales, language):
    page = StandardPageFactory(parent=home, slug="khusus", title="Khusus anggota")
    if language == "en":
        page = page.copy_for_translation(locales["en"], copy_parents=True)
        page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    url = page.get_url()
    response = Client().get(url)
    assert response.status_code == 302
    login = "/en/accounts/login/" if language == "en" else "/accounts/login/"
    assert response["Location"].startswith(f"{login}?next=")
    assert "_util" not in response["Location"]
    # ...and allauth's sign-in then opens the page.
    client = Client()
    client.post(response["Location"], {"login": UserFactory().email, "password": TEST_PASSWORD})
    assert "Khusus anggota" in client.get(url).text


def test_page_password_guesses_are_rate_limited(home, settings, frozen_time):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "page_password": "3/m"}
    page = StandardPageFactory(parent=home, slug="berkata-sandi")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sandi-rahasia"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    client = Client()
    codes = [
        client.post(url, {"password": "salah", "return_url": page.url}).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    response = client.post(url, {"password": "sandi-rahasia", "return_url": page.url})
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.text


def test_collection_password_guesses_are_rate_limited(home, settings, frozen_time):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "page_password": "2/m"}
    collection = Collection.get_first_root_node().add_child(name="Berkata sandi")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="sandi-rahasia",
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    client = Client()
    codes = [
        client.post(url, {"password": "salah", "return_url": "/"}).status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]


# --- Staff MFA beyond /admin/ ----------------------------------------------------------


def test_staff_without_totp_is_sent_to_set_it_up_before_a_letter(home, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    visit = VisitRequestFactory()
    client, _ = password_only(staff())
    response = client.get(f"/en/kunjungan-saya/{visit.pk}/surat/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before showing a TOTP secret.
    page = client.get(response["Location"], follow=True)
    assert "Staff accounts need two-factor authentication" in page.text


def test_staff_with_a_totp_verified_session_downloads_the_letter(home, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    visit = VisitRequestFactory()
    client = signed_in_with_totp(with_totp(staff()))
    response = client.get(f"/en/kunjungan-saya/{visit.pk}/surat/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_staff_session_that_skipped_totp_is_asked_for_a_code(home, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    institution = InstitutionFactory()
    document = AgreementDocumentFactory(agreement__partners=[institution])
    user = staff()
    client = Client()
    client.force_login(user)  # a session that never went through allauth's MFA stage
    with_totp(user)
    url = f"/en/dokumen-kerja-sama/{document.pk}/unduh/"
    response = client.get(url)
    assert response.status_code == 302
    assert (
        response["Location"] == f"/en/accounts/2fa/reauthenticate/?next={url.replace('/', '%2F')}"
    )
    response = client.post(response["Location"], {"code": current_code()})
    assert response["Location"] == url
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


# allauth sends its "TOTP activated" signal on commit, inside the request.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setting_up_totp_in_the_session_opens_staff_pages(home, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    client, _ = password_only(staff("Writers"))
    client.post("/en/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    client.get("/en/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_without_totp_can_still_sign_out_and_reach_their_account(home, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    client, _ = password_only(staff())
    assert client.get("/en/accounts/preferences/").status_code == 200
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_partners_are_not_asked_for_mfa_anywhere(home, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = True
    client, _ = password_only(UserFactory())
    response = client.get("/en/kunjungan-saya/")
    assert response.status_code == 200


# --- One notion of "staff" --------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("Writers", True),
        ("Editors", True),
        ("Cooperation staff", True),
        ("Administrators", True),
        (None, False),
    ],
)
def test_staff_access_follows_roles_not_is_staff(group, expected):
    user = UserFactory(groups=[Group.objects.get(name=group)] if group else None)
    assert user.is_staff is False
    assert user_has_staff_access(user) is expected
