"""Invitations by e-mail, and the way into the portal through sign-up and
e-mail confirmation (the join and register paths are in test_onboarding.py)."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from partners.models import Invitation, Membership
from partners.services import invitation_from_token
from tests.factories.partners import MembershipFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


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
