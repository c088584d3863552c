import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from partners.models import Institution, Invitation, Membership
from tests.factories.partners import InstitutionFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _register(client, n):
    return client.post(
        "/institusi-saya/gabung/",
        {
            "action": "register",
            "register-name": f"Perpustakaan Baru {n}",
            "register-kind": "other",
            "register-province": "bali",
        },
    )


def _join(client, institution):
    return client.post(
        "/institusi-saya/gabung/", {"action": "join", "join-institution": institution.pk}
    )


def test_registering_institutions_is_limited_per_user(
    client, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        sent = [_register(client, n).status_code for n in range(3)]
        refused = _register(client, 3)

    assert sent == [302, 302, 302]
    assert refused.status_code == 429
    assert (
        "Anda telah mendaftarkan beberapa institusi dalam waktu singkat. "
        "Silakan coba lagi nanti." in refused.text
    )
    assert Institution.objects.count() == 3
    assert len(mail.outbox) == 3


def test_registering_institutions_is_limited_per_address(client, settings, frozen_time):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "partners_register_ip": "2/h"}
    first, second = Client(), Client()
    first.force_login(UserFactory())
    second.force_login(UserFactory())

    statuses = [
        _register(first, 0).status_code,
        _register(second, 1).status_code,
        _register(second, 2).status_code,
    ]

    assert statuses == [302, 302, 429]
    assert Institution.objects.count() == 2


def test_join_requests_are_limited_per_user(
    client, coordinator_a, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    institutions = InstitutionFactory.create_batch(6)

    with django_capture_on_commit_callbacks(execute=True):
        sent = [_join(client, institution).status_code for institution in institutions[:5]]
        refused = _join(client, institutions[5])

    assert sent == [302] * 5
    assert refused.status_code == 429
    assert (
        "Anda telah beberapa kali meminta bergabung dengan institusi dalam waktu singkat."
        in refused.text
    )
    assert Membership.objects.filter(user=user).count() == 5
    assert not Membership.objects.filter(user=user, institution=institutions[5]).exists()


def test_invitations_are_limited_per_coordinator(
    client, coordinator_a, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_a)

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            client.post("/institusi-saya/alfa/undang/", {"email": f"rekan{n}@alfa.example"})
        refused = client.post(
            "/institusi-saya/alfa/undang/", {"email": "satu.lagi@alfa.example"}, follow=True
        )

    assert Invitation.objects.count() == 10
    assert not Invitation.objects.filter(email="satu.lagi@alfa.example").exists()
    assert len(mail.outbox) == 10
    assert (
        "Anda telah mengirim banyak undangan dalam waktu singkat. Undangan ini tidak dikirim; "
        "silakan coba lagi nanti." in refused.text
    )


def test_limits_count_each_user_apart(client, coordinator_a, institution_a):
    client.force_login(UserFactory())
    for n in range(3):
        _register(client, n)

    client.force_login(UserFactory())

    assert _register(client, 9).status_code == 302
