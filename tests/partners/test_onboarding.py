"""After sign-up: joining or registering an institution, and the coordinator's
decisions on members (invitations are in test_invitations.py)."""

import pytest
from django.core import mail

from partners.models import Institution, Membership
from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(client):
    user = UserFactory(email="baru@poltekes.example")
    client.force_login(user)
    return user


def test_a_user_without_institution_lands_on_onboarding(client, newcomer):
    response = client.get("/institusi-saya/", follow=True)

    assert response.redirect_chain[-1][0] == "/institusi-saya/gabung/"
    assert "Bergabung dengan institusi Anda" in response.text


def test_anonymous_is_asked_to_sign_in(client):
    response = client.get("/institusi-saya/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_join_request_waits_for_the_coordinator_who_gets_an_email(
    client, newcomer, institution_a, coordinator_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/institusi-saya/gabung/",
            {
                "action": "join",
                "join-institution": institution_a.pk,
                "join-job_title": "Pustakawan",
            },
        )

    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.institution, membership.state) == (institution_a, "pending")
    assert [m.to for m in mail.outbox] == [[coordinator_a.email]]
    assert "baru@poltekes.example" in mail.outbox[0].body
    # still no dashboard: the membership is pending
    assert client.get("/institusi-saya/alfa/").status_code == 404


def test_join_request_without_coordinator_goes_to_staff(
    client, newcomer, institution_a, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/institusi-saya/gabung/", {"action": "join", "join-institution": institution_a.pk}
        )

    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_cannot_join_an_unverified_institution_or_twice(client, newcomer, institution_a):
    hidden = InstitutionFactory(is_verified=False)
    client.post("/institusi-saya/gabung/", {"action": "join", "join-institution": institution_a.pk})

    unverified = client.post(
        "/institusi-saya/gabung/", {"action": "join", "join-institution": hidden.pk}
    )
    twice = client.post(
        "/institusi-saya/gabung/", {"action": "join", "join-institution": institution_a.pk}
    )

    assert unverified.status_code == 400
    assert twice.status_code == 400
    assert "sudah mengajukan" in twice.text
    assert Membership.objects.filter(user=newcomer).count() == 1


@pytest.mark.parametrize("value", ["abc", "999999", ""])
def test_join_with_a_bad_institution_gets_a_message(client, newcomer, value):
    response = client.post("/institusi-saya/gabung/", {"action": "join", "join-institution": value})

    assert response.status_code == 400
    assert "errorlist" in response.text


def test_registering_an_institution_then_staff_verify_it(
    client, newcomer, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/institusi-saya/gabung/",
            {
                "action": "register",
                "register-name": "Perpustakaan STIKES Samarinda",
                "register-kind": "health_polytechnic",
                "register-province": "kaltim",
                "register-city": "Samarinda",
                "register-website": "stikes-samarinda.example",
                "register-job_title": "Kepala Perpustakaan",
            },
        )

    assert response.status_code == 302
    institution = Institution.objects.get(name="Perpustakaan STIKES Samarinda")
    assert not institution.is_verified
    assert institution.created_by == newcomer
    assert institution.website == "https://stikes-samarinda.example"
    assert client.get(f"/mitra/{institution.slug}/").status_code == 404
    assert [m.to for m in mail.outbox] == [[staff_user.email]]

    staff = client.__class__()
    staff.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/admin/partners/institutions/verify/{institution.pk}/")

    dashboard = client.get("/institusi-saya/", follow=True)
    assert dashboard.context["institution"] == institution
    assert dashboard.context["is_coordinator"] is True
    assert mail.outbox[-1].to == ["baru@poltekes.example"]


def test_coordinator_approves_a_member(
    client, coordinator_a, institution_a, django_capture_on_commit_callbacks
):
    pending = MembershipFactory(
        institution=institution_a, state="pending", user__email="x@a.example"
    )
    client.force_login(coordinator_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/institusi-saya/alfa/anggota/{pending.pk}/approve/")

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == "active"
    assert [m.to for m in mail.outbox] == [["x@a.example"]]


def test_coordinator_declines_and_removes_members(client, coordinator_a, institution_a, member_a):
    pending = MembershipFactory(institution=institution_a, state="pending")
    client.force_login(coordinator_a)

    client.post(f"/institusi-saya/alfa/anggota/{pending.pk}/decline/")
    membership = Membership.objects.get(user=member_a)
    client.post(f"/institusi-saya/alfa/anggota/{membership.pk}/revoke/")

    pending.refresh_from_db()
    membership.refresh_from_db()
    assert (pending.state, membership.state) == ("revoked", "revoked")


def test_the_last_coordinator_cannot_be_removed(client, coordinator_a, institution_a, staff_user):
    own = Membership.objects.get(user=coordinator_a)
    client.force_login(staff_user)
    from django.core.exceptions import ValidationError

    from partners.services import membership_revoke

    with pytest.raises(ValidationError):
        membership_revoke(membership=own, by=staff_user)


def test_a_plain_member_cannot_approve(client, member_a, institution_a):
    pending = MembershipFactory(institution=institution_a, state="pending")
    client.force_login(member_a)

    response = client.post(f"/institusi-saya/alfa/anggota/{pending.pk}/approve/")

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_deciding_twice_gets_a_message(client, coordinator_a, institution_a):
    pending = MembershipFactory(institution=institution_a, state="pending")
    client.force_login(coordinator_a)
    client.post(f"/institusi-saya/alfa/anggota/{pending.pk}/approve/")

    response = client.post(f"/institusi-saya/alfa/anggota/{pending.pk}/decline/", follow=True)

    assert "sudah diputuskan" in response.text
    pending.refresh_from_db()
    assert pending.state == "active"


def test_email_subject_cannot_carry_headers(
    client, newcomer, django_capture_on_commit_callbacks, staff_user
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/institusi-saya/gabung/",
            {
                "action": "register",
                "register-name": "Lib\r\nBcc: x@evil.example",
                "register-kind": "other",
                "register-province": "bali",
            },
        )

    for message in mail.outbox:
        assert "\n" not in message.subject
        assert message.bcc == []
