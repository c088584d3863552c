import datetime

import pytest
from django.utils import timezone

from partners.models import Invitation, Membership
from portal.extensions import erase_personal_data, personal_data, retention_purge
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_personal_data_lists_the_users_memberships_and_invitations(
    member_a, institution_a, coordinator_a
):
    Invitation.objects.create(
        institution=institution_a, email=member_a.email, invited_by=coordinator_a
    )
    Invitation.objects.create(
        institution=institution_a, email="orang.lain@alfa.example", invited_by=coordinator_a
    )

    sections = personal_data(user=member_a)

    assert [m["institution"] for m in sections["partners_memberships"]] == ["Perpustakaan Alfa"]
    assert [i["email"] for i in sections["partners_invitations_received"]] == [member_a.email]


def test_erasing_removes_invitations_and_memberships(member_a, institution_a, coordinator_a):
    Invitation.objects.create(
        institution=institution_a, email=member_a.email.upper(), invited_by=coordinator_a
    )
    registered = InstitutionFactory(created_by=member_a)

    erase_personal_data(user=member_a)
    member_a.delete()

    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user_id=member_a.pk).exists()
    registered.refresh_from_db()
    assert registered.created_by is None


def test_retention_purge_deletes_old_invitations_once(institution_a, coordinator_a):
    old = Invitation.objects.create(
        institution=institution_a, email="lama@alfa.example", invited_by=coordinator_a
    )
    Invitation.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    Invitation.objects.create(
        institution=institution_a, email="baru@alfa.example", invited_by=coordinator_a
    )
    cutoff = timezone.now() - datetime.timedelta(days=730)

    assert retention_purge(cutoff=cutoff, dry_run=True)["partners.invitations"] == 1
    assert retention_purge(cutoff=cutoff, dry_run=False)["partners.invitations"] == 1
    assert retention_purge(cutoff=cutoff, dry_run=False)["partners.invitations"] == 0
    assert list(Invitation.objects.values_list("email", flat=True)) == ["baru@alfa.example"]
