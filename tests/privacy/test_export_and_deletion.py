import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.core import mail
from wagtail import hooks

from portal import audit, extensions
from portal.models import AuditEvent, ConsentRecord, User
from tests.factories import UserFactory
from tests.factories.privacy import AuditEventFactory, ConsentRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_feature():
    """A feature that registers into the privacy hooks, as visits and partners do."""
    erased = []

    def personal_data(user):
        return {"fake_visits": [{"requester": user.email, "group_size": 12}]}

    def erase(user):
        erased.append(user.email)
        AuditEvent.objects.create(action="fake.anonymised", target_repr="visit #1")

    with (
        hooks.register_temporarily(extensions.personal_data.name, personal_data),
        hooks.register_temporarily(extensions.erase_personal_data.name, erase),
    ):
        yield erased


def download(client):
    response = client.post("/en/accounts/privacy/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_download_contains_the_users_data_and_hook_sections(home, sign_in, fake_feature):
    user = UserFactory(email="rina@library.example", full_name="Rina Pustakawan", phone="0812")
    ConsentRecordFactory(user=user)
    other = UserFactory(email="other@library.example", full_name="Orang Lain")
    ConsentRecordFactory(user=other, ip="198.51.100.99")
    AuditEventFactory(actor=other, target_repr="other's download")
    client = sign_in(user)

    data = download(client)

    assert data["account"]["email"] == "rina@library.example"
    assert data["account"]["full_name"] == "Rina Pustakawan"
    assert data["account"]["phone"] == "0812"
    assert [e["email"] for e in data["email_addresses"]] == ["rina@library.example"]
    assert [c["purpose"] for c in data["consents"]] == ["signup"]
    assert len(data["sessions"]) == 1
    assert data["fake_visits"] == [{"requester": "rina@library.example", "group_size": 12}]
    text = json.dumps(data)
    assert "other@library.example" not in text
    assert "Orang Lain" not in text
    assert "198.51.100.99" not in text
    assert "other's download" not in text


def test_download_is_audit_logged_and_shows_processing_history(home, sign_in):
    user = UserFactory()
    staff = UserFactory(full_name="Staf Kerjasama")
    audit.record(staff, "membership.approve", target=user)

    data = download(sign_in(user))

    event = AuditEvent.objects.get(action="personal_data.export")
    assert event.actor == user
    assert [item["action"] for item in data["processing_history"]] == ["membership.approve"]
    assert "Staf Kerjasama" not in json.dumps(data)


def test_download_needs_a_fresh_sign_in(client, home):
    client.force_login(UserFactory())

    response = client.post("/en/accounts/privacy/download/")

    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not AuditEvent.objects.filter(action="personal_data.export").exists()


def test_privacy_pages_need_a_signed_in_user(client, home):
    for path in [
        "/en/accounts/privacy/",
        "/en/accounts/privacy/download/",
        "/en/accounts/privacy/delete/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_privacy_centre_lists_own_consents(home, sign_in):
    user = UserFactory()
    ConsentRecordFactory(user=user, notice__version="2025.7")
    ConsentRecordFactory(notice__version="2099.8", notice__effective_date=datetime.date(2099, 1, 1))

    response = sign_in(user).get("/en/accounts/privacy/")

    assert "2025.7" in response.text
    assert "2099.8" not in response.text


def test_deletion_anonymises_through_hooks_logs_out_and_confirms_by_mail(
    home, sign_in, fake_feature, django_capture_on_commit_callbacks
):
    user = UserFactory(email="rina@library.example", full_name="Rina Pustakawan")
    ConsentRecordFactory(user=user)
    AuditEventFactory(actor=user, actor_label="Rina Pustakawan <rina@library.example>")
    client = sign_in(user)
    assert UserSession.objects.filter(user=user).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/privacy/delete/", {"confirmation": "Rina@Library.example "}
        )

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert fake_feature == ["rina@library.example"]
    assert not User.objects.filter(email="rina@library.example").exists()
    assert not EmailAddress.objects.filter(email="rina@library.example").exists()
    assert not ConsentRecord.objects.exists()
    assert not UserSession.objects.exists()
    assert AuditEvent.objects.filter(action="fake.anonymised").exists()
    assert not AuditEvent.objects.filter(actor_label__icontains="rina").exists()
    assert AuditEvent.objects.filter(actor_label=f"deleted user #{user.pk}").count() == 2
    assert client.get("/en/accounts/privacy/").status_code == 302  # signed out
    assert [m.to for m in mail.outbox][-1] == ["rina@library.example"]
    assert mail.outbox[-1].subject == "[Mitra Pustaka] Akun Anda telah dihapus"  # her language
    assert "segera hubungi perpustakaan" in mail.outbox[-1].body


def test_deletion_needs_the_typed_address(home, sign_in):
    user = UserFactory(email="rina@library.example")
    client = sign_in(user)

    response = client.post("/en/accounts/privacy/delete/", {"confirmation": "someone@else.example"})

    assert response.status_code == 200
    assert "That is not your e-mail address." in response.text
    assert User.objects.filter(pk=user.pk).exists()


def test_deletion_needs_a_fresh_sign_in(client, home):
    user = UserFactory(email="rina@library.example")
    client.force_login(user)

    response = client.post("/en/accounts/privacy/delete/", {"confirmation": "rina@library.example"})

    assert "/accounts/reauthenticate/" in response["Location"]
    assert User.objects.filter(pk=user.pk).exists()


def test_a_failing_hook_rolls_the_whole_deletion_back(home, sign_in):
    user = UserFactory(email="rina@library.example")
    client = sign_in(user)

    def broken(user):
        AuditEvent.objects.create(action="half.done")
        raise RuntimeError("feature failed")

    with (
        hooks.register_temporarily(extensions.erase_personal_data.name, broken),
        pytest.raises(RuntimeError),
    ):
        client.post("/en/accounts/privacy/delete/", {"confirmation": "rina@library.example"})

    assert User.objects.filter(pk=user.pk).exists()
    assert not AuditEvent.objects.filter(action__in=["half.done", "account.delete"]).exists()


def test_the_last_active_superuser_cannot_delete_their_account(home, sign_in):
    admin = UserFactory(email="admin@library.example", is_superuser=True, is_staff=True)
    UserFactory(is_superuser=True, is_active=False)
    client = sign_in(admin)

    page = client.get("/en/accounts/privacy/delete/")
    assert "This is the only active administrator account." in page.text
    response = client.post(
        "/en/accounts/privacy/delete/", {"confirmation": "admin@library.example"}
    )

    assert response.status_code == 200
    assert "only active administrator account" in response.text
    assert User.objects.filter(pk=admin.pk).exists()


def test_a_superuser_can_leave_when_another_remains(home, sign_in):
    admin = UserFactory(email="admin@library.example", is_superuser=True, is_staff=True)
    UserFactory(is_superuser=True)
    client = sign_in(admin)

    client.post("/en/accounts/privacy/delete/", {"confirmation": "admin@library.example"})

    assert not User.objects.filter(pk=admin.pk).exists()


def test_administrators_see_consents_but_cannot_change_them(client, home):
    consent = ConsentRecordFactory(user__full_name="Rina Pustakawan")
    client.force_login(UserFactory(groups=[Group.objects.get(name="Administrators")]))

    assert "Rina Pustakawan" in client.get("/admin/consents/").text
    assert client.get(f"/admin/consents/edit/{consent.pk}/").status_code in (302, 403)


def test_administrators_add_a_new_notice_version(client, home):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Administrators")]))

    response = client.post(
        "/admin/privacy-notices/new/",
        {
            "version": "2026.1",
            "effective_date": "2026-01-01",
            "title_id": "Pemberitahuan privasi",
            "title_en": "Privacy notice",
            "body_id": json.dumps(_rich("Teks baru.")),
            "body_en": json.dumps(_rich("New text.")),
        },
    )

    assert response.status_code == 302
    assert "New text." in client.get("/en/accounts/privacy/notice/").text


def test_editors_cannot_touch_notices(client, home):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Editors")]))
    assert client.get("/admin/privacy-notices/").status_code in (302, 403)


def _rich(text):
    return {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }


def test_consents_listing_query_count_does_not_grow(client, home, assert_query_count_stable):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Administrators")]))
    ConsentRecordFactory.create_batch(2)

    assert_query_count_stable(
        lambda: client.get("/admin/consents/"), lambda: ConsentRecordFactory.create_batch(15)
    )
