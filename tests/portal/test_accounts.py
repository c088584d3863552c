import re

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from portal.models import User
from tests.factories import UserFactory
from tests.factories.portal import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Siti Rahmawati",
    "email": "siti@poltekes.example",
    "password1": "buku-literasi-2024",
    "password2": "buku-literasi-2024",
    "privacy_consent": "on",
}


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_signup_requires_email_verification_before_login(client, home):
    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="siti@poltekes.example")
    assert user.full_name == "Siti Rahmawati"
    assert user.preferred_language == "id"
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session

    login = client.post(
        "/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert login["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_confirming_email_from_the_mail_signs_the_user_in(client, home):
    client.post("/accounts/signup/", SIGNUP)
    message = mail.outbox[-1]
    assert message.to == ["siti@poltekes.example"]
    link = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", message.body).group(
        1
    )

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="siti@poltekes.example").verified
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SIGNUP["email"]).pk)


def test_signup_in_english_sends_english_mail_and_remembers_language(client, home):
    client.post("/en/accounts/signup/", SIGNUP)

    user = User.objects.get(email="siti@poltekes.example")
    assert user.preferred_language == "en"
    assert "/en/accounts/confirm-email/" in mail.outbox[-1].body
    assert "Please confirm" in mail.outbox[-1].subject or "Confirm" in mail.outbox[-1].subject


def test_weak_password_is_refused_with_a_message(client, home):
    response = client.post(
        "/accounts/signup/", {**SIGNUP, "password1": "12345678", "password2": "12345678"}
    )

    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert "errorlist" in response.content.decode()


def test_password_reset_does_not_reveal_whether_account_exists(client, home):
    UserFactory(email="known@example.org")

    known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 2
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["nobody@example.org"]]


def test_repeated_wrong_passwords_are_rate_limited(client, home):
    UserFactory(email="target@example.org")

    for _ in range(5):
        client.post("/accounts/login/", {"login": "target@example.org", "password": "wrong-guess"})
    final = client.post(
        "/accounts/login/", {"login": "target@example.org", "password": TEST_PASSWORD}
    )

    with translation.override("id"):
        expected = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    assert expected in final.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post(client, home):
    user = UserFactory()
    client.force_login(user)

    client.get("/accounts/logout/")
    assert client.session.get("_auth_user_id") == str(user.pk)

    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_login_never_redirects_off_site(client, home, target):
    UserFactory(email="member@example.org")

    response = client.post(
        f"/accounts/login/?next={target}",
        {"login": "member@example.org", "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_login_lands_in_the_users_language(client, home):
    UserFactory(email="reader@example.org", preferred_language="en")

    response = client.post(
        "/accounts/login/", {"login": "reader@example.org", "password": TEST_PASSWORD}
    )

    assert response["Location"] == "/en/"


def test_wagtail_admin_login_goes_through_allauth(client, home):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_user_reaches_wagtail_admin_with_same_account(client, home):
    from django.contrib.auth.models import Group

    UserFactory(email="writer@example.org", groups=[Group.objects.get(name="Writers")])
    client.post("/accounts/login/", {"login": "writer@example.org", "password": TEST_PASSWORD})

    assert client.get("/admin/").status_code == 200


def test_partner_user_cannot_enter_wagtail_admin(client, home):
    client.force_login(UserFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert not response["Location"].startswith("/admin/")


def test_preferences_update_language_and_time_zone(client, home):
    user = UserFactory(full_name="Budi")
    client.force_login(user)

    response = client.post(
        "/accounts/preferences/",
        {
            "full_name": "Budi Santoso",
            "phone": "+62 811 000",
            "preferred_language": "en",
            "time_zone": "Asia/Makassar",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/preferences/"
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.time_zone) == (
        "Budi Santoso",
        "en",
        "Asia/Makassar",
    )


def test_preferences_refuse_unknown_time_zone(client, home):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/preferences/",
        {"full_name": "X", "preferred_language": "id", "time_zone": "Mars/Olympus"},
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.time_zone == "Asia/Jakarta"


def test_admin_can_create_user_through_custom_form(client, home):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    form_page = client.get("/admin/users/new/")
    assert form_page.status_code == 200
    assert 'name="full_name"' in form_page.content.decode()

    response = client.post(
        "/admin/users/new/",
        {
            "email": "new.staff@openlibrary.example",
            "full_name": "Staf Baru",
            "phone": "",
            "preferred_language": "id",
            "time_zone": "Asia/Jakarta",
            "password1": "kata-sandi-kuat-99",
            "password2": "kata-sandi-kuat-99",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="new.staff@openlibrary.example").full_name == "Staf Baru"
