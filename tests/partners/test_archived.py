import pytest
from django.core import mail
from django.forms.models import model_to_dict
from django.utils import timezone

from partners.models import Institution, Invitation, Membership
from portal.models import AuditEvent
from tests.factories.partners import (
    AgreementDocumentFactory,
    AgreementFactory,
    InstitutionFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

ARCHIVED_TEXT = "Perpustakaan Alfa telah diarsipkan oleh staf kerja sama kami."


def _archive(institution):
    institution.archived_at = timezone.now()
    institution.save()


def _memberships():
    return sorted(repr(model_to_dict(m)) for m in Membership.objects.all())


def test_for_user_leaves_out_archived_institutions(member_a, institution_a):
    other = MembershipFactory(
        user=member_a, institution=InstitutionFactory(name="Beta")
    ).institution
    assert set(Institution.objects.for_user(member_a)) == {institution_a, other}

    _archive(institution_a)

    assert list(Institution.objects.for_user(member_a)) == [other]


def test_dashboard_says_the_institution_is_archived(client, member_a, institution_a):
    _archive(institution_a)
    client.force_login(member_a)

    home = client.get("/institusi-saya/")
    direct = client.get("/institusi-saya/alfa/")

    assert home.status_code == 200
    assert ARCHIVED_TEXT in home.text
    assert 'href="/institusi-saya/gabung/"' in home.text
    assert direct.status_code == 403
    assert ARCHIVED_TEXT in direct.text
    assert "Anggota" not in direct.text.split("<main", 1)[-1]


def test_dashboard_in_english_says_the_institution_is_archived(client, member_a, institution_a):
    _archive(institution_a)
    client.force_login(member_a)

    response = client.get("/en/institusi-saya/alfa/")

    assert "Perpustakaan Alfa has been archived by our cooperation staff." in response.text


def test_member_of_an_archived_and_an_active_institution_lands_on_the_active_one(
    client, member_a, institution_a
):
    MembershipFactory(user=member_a, institution=InstitutionFactory(name="Beta", slug="beta"))
    _archive(institution_a)
    client.force_login(member_a)

    assert client.get("/institusi-saya/")["Location"] == "/institusi-saya/beta/"


def test_archived_page_is_only_for_its_former_members(client, member_b, institution_a):
    _archive(institution_a)
    client.force_login(member_b)

    response = client.get("/institusi-saya/alfa/")

    assert response.status_code == 404
    assert ARCHIVED_TEXT not in response.text


def test_coordinator_of_an_archived_institution_decides_nothing(
    client, coordinator_a, institution_a, django_capture_on_commit_callbacks
):
    pending = MembershipFactory(institution=institution_a, state="pending")
    _archive(institution_a)
    client.force_login(coordinator_a)
    before = _memberships()

    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(f"/institusi-saya/alfa/anggota/{pending.pk}/approve/")
        invited = client.post("/institusi-saya/alfa/undang/", {"email": "rekan@alfa.example"})

    assert decided.status_code == invited.status_code == 403
    assert ARCHIVED_TEXT in invited.text
    assert _memberships() == before
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_archived_institutions_members_cannot_download_its_documents(
    client, member_a, institution_a
):
    document = AgreementDocumentFactory(agreement=AgreementFactory(partners=[institution_a]))
    client.force_login(member_a)
    assert client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/").status_code == 200
    _archive(institution_a)

    response = client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/")

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="agreement_document.download").count() == 1


def test_services_refuse_a_coordinator_of_an_archived_institution(coordinator_a, institution_a):
    from django.core.exceptions import PermissionDenied

    from partners import services

    pending = MembershipFactory(institution=institution_a, state="pending")
    _archive(institution_a)

    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=pending, by=coordinator_a)
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            institution=institution_a, email="rekan@alfa.example", by=coordinator_a
        )
    pending.refresh_from_db()
    assert pending.state == "pending"
    assert not Invitation.objects.exists()
