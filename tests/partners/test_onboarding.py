import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from partners.models import Institution, Invitation, Membership
from partners.services import invitation_from_token
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


def _invitation_link(message):
    return re.search(r"http://testserver(/undangan/[^/\s]+/)", message.body).group(1)


def test_invitation_by_email_then_sign_up_and_accept(
    client, coordinator_a, institution_a, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/institusi-saya/alfa/undang/", {"email": "Rekan@Alfa.example"})
    assert [m.to for m in mail.outbox] == [["rekan@alfa.example"]]
    link = _invitation_link(mail.outbox[0])

    client.logout()
    landing = client.get(link)
    assert "rekan@alfa.example" in landing.text
    colleague = UserFactory(email="rekan@alfa.example")
    client.force_login(colleague)
    # after sign-in the dashboard remembers the invitation
    assert client.get("/institusi-saya/")["Location"] == link
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)

    assert response["Location"] == "/institusi-saya/alfa/"
    assert Membership.objects.get(user=colleague).state == "active"
    assert mail.outbox[-1].to == [coordinator_a.email]
    # used once only
    again = client.post(link)
    assert again.status_code == 400


def test_invitation_for_another_address_is_refused(client, coordinator_a, institution_a):
    invitation = Invitation.objects.create(
        institution=institution_a, email="rekan@alfa.example", invited_by=coordinator_a
    )
    intruder = UserFactory(email="orang.lain@beta.example")
    client.force_login(intruder)

    response = client.post(f"/undangan/{invitation.token}/")

    assert response.status_code == 400
    assert not Membership.objects.filter(user=intruder).exists()


def test_unverified_address_cannot_accept(client, coordinator_a, institution_a):
    invitation = Invitation.objects.create(
        institution=institution_a, email="rekan@alfa.example", invited_by=coordinator_a
    )
    user = UserFactory(email="rekan@alfa.example", verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)

    assert client.post(f"/undangan/{invitation.token}/").status_code == 400


@pytest.mark.parametrize("token", ["rusak", "eyJpIjoxfQ:1abc:xyz"])
def test_tampered_invitation_gets_a_message(client, token):
    response = client.get(f"/undangan/{token}/")

    assert response.status_code == 400
    assert "tidak sah" in response.text


def test_expired_invitation_gets_a_message(client, coordinator_a, institution_a, time_machine):
    invitation = Invitation.objects.create(
        institution=institution_a, email="rekan@alfa.example", invited_by=coordinator_a
    )
    token = invitation.token
    time_machine.move_to(invitation.created_at + datetime.timedelta(days=15))

    response = client.get(f"/undangan/{token}/")

    assert response.status_code == 400
    assert "kedaluwarsa" in response.text
    with pytest.raises(Exception, match="kedaluwarsa|expired"):
        invitation_from_token(token)


def test_only_coordinators_invite(client, member_a):
    client.force_login(member_a)

    response = client.post("/institusi-saya/alfa/undang/", {"email": "x@y.example"})

    assert response.status_code == 403
    assert not Invitation.objects.exists()


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


SIGNUP = {
    "full_name": "Siti Rahmawati",
    "email": "rekan@alfa.example",
    "password1": "buku-literasi-2024",
    "password2": "buku-literasi-2024",
    "privacy_consent": "on",
}


@pytest.fixture
def fresh_rate_limits():
    cache.clear()


def _confirm_link(message):
    return re.search(r"http://testserver(/\S*accounts/confirm-email/[^/\s]+/)", message.body).group(
        1
    )


def test_after_sign_up_and_confirmation_the_user_lands_on_onboarding(
    client, home, fresh_rate_limits
):
    client.post("/accounts/signup/", SIGNUP)

    response = client.post(_confirm_link(mail.outbox[-1]))

    assert response["Location"] == "/institusi-saya/gabung/"


def test_invitation_survives_sign_up_and_email_confirmation(
    client,
    home,
    coordinator_a,
    institution_a,
    django_capture_on_commit_callbacks,
    fresh_rate_limits,
):
    invitation = Invitation.objects.create(
        institution=institution_a, email="rekan@alfa.example", invited_by=coordinator_a
    )
    link = f"/undangan/{invitation.token}/"
    landing = client.get(link)
    assert f'href="/accounts/signup/?next={link.replace(":", "%3A")}"' in landing.text

    client.post(f"/accounts/signup/?next={link}", {**SIGNUP, "next": link})
    confirmed = client.post(_confirm_link(mail.outbox[-1]))
    assert confirmed["Location"] == link
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(link)

    assert accepted["Location"] == "/institusi-saya/alfa/"
    assert Membership.objects.get(user__email="rekan@alfa.example").state == "active"


def test_revoked_coordinator_reinvited_comes_back_as_member(
    client, institution_a, coordinator_a, django_capture_on_commit_callbacks
):
    former = MembershipFactory(
        institution=institution_a,
        role="coordinator",
        user__email="mantan@alfa.example",
        user__full_name="Mantan Koordinator",
    )
    client.force_login(coordinator_a)
    client.post(f"/institusi-saya/alfa/anggota/{former.pk}/revoke/")
    former.refresh_from_db()
    assert (former.state, former.role) == ("revoked", "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/institusi-saya/alfa/undang/", {"email": "mantan@alfa.example"})
    link = _invitation_link(mail.outbox[-1])

    client.force_login(former.user)
    client.post(link)

    former.refresh_from_db()
    assert (former.state, former.role) == ("active", "member")
    dashboard = client.get("/institusi-saya/alfa/")
    assert "Undang rekan" not in dashboard.text
    refused = client.post("/institusi-saya/alfa/undang/", {"email": "lain@alfa.example"})
    assert refused.status_code == 403


def test_invitation_states_the_role_it_grants(client, institution_a, coordinator_a):
    colleague = UserFactory(email="rekan@alfa.example")
    invitation = Invitation.objects.create(
        institution=institution_a,
        email="rekan@alfa.example",
        invited_by=coordinator_a,
        role="coordinator",
    )
    client.force_login(colleague)

    client.post(f"/undangan/{invitation.token}/")

    assert Membership.objects.get(user=colleague).role == "coordinator"
    assert (
        Invitation.objects.create(institution=institution_a, email="x@a.example").role == "member"
    )
