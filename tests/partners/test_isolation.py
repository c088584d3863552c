"""A member of institution A never reaches B's dashboard, members, invitations
or documents, by any partner-facing URL or id."""

import pytest
from django.forms.models import model_to_dict
from django.urls import get_resolver

from partners import services
from partners.models import DraftComment, DraftVersion, Invitation, Membership
from tests.factories.files import docx_upload
from tests.factories.partners import AgreementDocumentFactory, AgreementFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PUBLIC = {"directory", "detail"}
PRIVATE = {
    "dashboard",
    "onboarding",
    "dashboard-institution",
    "member-decide",
    "invitation-create",
    "invitation-accept",
    "document-download",
    "profile-edit",
    "follow-up-update",
    "draft-detail",
    "draft-version-download",
    "follow-up-evidence",
}


def test_every_partners_url_is_classified():
    names = {
        name
        for name in get_resolver().namespace_dict["partners"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == PUBLIC | PRIVATE


@pytest.fixture
def b_objects(institution_b, member_b):
    coordinator_b = MembershipFactory(institution=institution_b, role="coordinator")
    pending_b = MembershipFactory(
        institution=institution_b, state="pending", user__full_name="Rahasia Beta"
    )
    agreement = AgreementFactory(title="Perjanjian rahasia Beta", partners=[institution_b])
    document = AgreementDocumentFactory(agreement=agreement, title="Dokumen rahasia Beta")
    invitation = Invitation.objects.create(
        institution=institution_b, email="calon@beta.example", invited_by=coordinator_b.user
    )
    return {
        "membership": Membership.objects.get(user=member_b),
        "pending": pending_b,
        "document": document,
        "invitation": invitation,
    }


@pytest.fixture
def as_coordinator_a(client, coordinator_a):
    client.force_login(coordinator_a)
    return client


def test_dashboard_of_b_is_not_found(as_coordinator_a, b_objects):
    response = as_coordinator_a.get("/institusi-saya/beta/")

    assert response.status_code == 404
    assert "Rahasia Beta" not in response.text
    assert "Perjanjian rahasia Beta" not in response.text


def test_own_dashboard_shows_nothing_of_b(as_coordinator_a, b_objects):
    response = as_coordinator_a.get("/institusi-saya/alfa/")

    assert response.status_code == 200
    for secret in (
        "Rahasia Beta",
        "Perjanjian rahasia Beta",
        "Dokumen rahasia Beta",
        "calon@beta.example",
    ):
        assert secret not in response.text


def test_document_of_b_is_not_found(as_coordinator_a, b_objects):
    document = b_objects["document"]

    response = as_coordinator_a.get(f"/dokumen-kerja-sama/{document.pk}/unduh/")

    assert response.status_code == 404


@pytest.mark.parametrize("action", ["approve", "decline", "revoke"])
@pytest.mark.parametrize("slug", ["alfa", "beta"])
def test_members_of_b_cannot_be_decided_from_a(as_coordinator_a, b_objects, action, slug):
    for key in ("membership", "pending"):
        membership = b_objects[key]
        before = model_to_dict(membership)

        response = as_coordinator_a.post(
            f"/institusi-saya/{slug}/anggota/{membership.pk}/{action}/"
        )

        assert response.status_code == 404
        membership.refresh_from_db()
        assert model_to_dict(membership) == before


def test_cannot_invite_into_b(as_coordinator_a, b_objects):
    response = as_coordinator_a.post("/institusi-saya/beta/undang/", {"email": "x@alfa.example"})

    assert response.status_code == 404
    assert not Invitation.objects.filter(email="x@alfa.example").exists()


def test_cannot_accept_b_invitation_meant_for_someone_else(
    as_coordinator_a, coordinator_a, b_objects
):
    invitation = b_objects["invitation"]

    response = as_coordinator_a.post(f"/undangan/{invitation.token}/")

    assert response.status_code == 400
    assert not Membership.objects.filter(
        user=coordinator_a, institution=invitation.institution
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize("slug", ["beta", "tidak-ada"])
def test_non_numeric_and_unknown_ids(as_coordinator_a, b_objects, slug):
    assert as_coordinator_a.get(f"/institusi-saya/{slug}/").status_code == 404
    assert as_coordinator_a.get(f"/institusi-saya/{slug}/profil/").status_code == 404
    assert as_coordinator_a.get("/dokumen-kerja-sama/999999/unduh/").status_code == 404
    assert as_coordinator_a.post("/institusi-saya/alfa/anggota/999999/approve/").status_code == 404
    assert (
        as_coordinator_a.post(
            f"/institusi-saya/alfa/anggota/{b_objects['pending'].pk}/hapus-semua/"
        ).status_code
        == 404
    )


def test_revoked_member_loses_access(client, institution_a, member_a):
    membership = Membership.objects.get(user=member_a)
    agreement = AgreementFactory(partners=[institution_a])
    document = AgreementDocumentFactory(agreement=agreement)
    membership.state = "revoked"
    membership.save()
    client.force_login(member_a)

    assert client.get("/institusi-saya/alfa/").status_code == 404
    assert client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/partners/institutions/",
        "/admin/partners/memberships/",
        "/admin/partners/agreements/",
        "/admin/partners/documents/",
        "/admin/partners/report/",
        "/admin/partners/institution-changes/",
        "/admin/partners/agreements/renew/1/",
        "/admin/partners/agreements/draft/1/",
        "/admin/partners/agreements/draft/1/versions/1/download/",
    ],
)
def test_partner_members_have_no_admin_access(client, member_a, url):
    client.force_login(member_a)

    response = client.get(url)

    assert response.status_code in (302, 403)
    assert "Perpustakaan" not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/institusi-saya/",
        "/institusi-saya/gabung/",
        "/institusi-saya/alfa/",
        "/institusi-saya/alfa/profil/",
        "/dokumen-kerja-sama/1/unduh/",
        "/institusi-saya/alfa/draf/1/",
        "/institusi-saya/alfa/draf/1/versi/1/unduh/",
    ],
)
def test_anonymous_is_sent_to_sign_in(client, institution_a, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_post_without_csrf_token_is_refused(coordinator_a, institution_a):
    from django.test import Client

    pending = MembershipFactory(institution=institution_a, state="pending")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator_a)

    response = strict.post(f"/institusi-saya/alfa/anggota/{pending.pk}/approve/")

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.state == "pending"


@pytest.fixture
def b_draft(institution_b, b_objects):
    """A draft shared with B, with a version and a comment."""
    agreement = AgreementFactory(
        title="Draf rahasia Beta",
        signed_on=None,
        start_date=None,
        end_date=None,
        partners=[institution_b],
    )
    services.agreement_draft_share(agreement=agreement, by=None)
    version = services.draft_version_add(agreement=agreement, file=docx_upload(), by=None)
    services.draft_comment_add(agreement=agreement, body="Komentar rahasia Beta", by=None)
    return agreement, version


@pytest.mark.parametrize("slug", ["alfa", "beta"])
def test_drafts_of_b_are_not_found_from_a(as_coordinator_a, b_draft, slug):
    agreement, version = b_draft
    page = f"/institusi-saya/{slug}/draf/{agreement.pk}/"

    responses = [
        as_coordinator_a.get(page),
        as_coordinator_a.get(f"{page}versi/{version.pk}/unduh/"),
        as_coordinator_a.post(page, {"action": "comment", "comment-body": "Menyusup"}),
        as_coordinator_a.post(page, {"action": "agree", "version": version.pk}),
        as_coordinator_a.post(page, {"action": "version", "version-file": docx_upload()}),
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assert all("Draf rahasia Beta" not in response.text for response in responses[:1])
    assert DraftComment.objects.filter(body="Menyusup").count() == 0
    assert DraftVersion.objects.filter(draft__agreement=agreement).count() == 1
    assert not version.approvals.exists()


def test_a_version_of_b_is_not_found_under_a_draft_of_a(as_coordinator_a, institution_a, b_draft):
    _agreement, version_b = b_draft
    mine = AgreementFactory(
        signed_on=None, start_date=None, end_date=None, partners=[institution_a]
    )
    services.agreement_draft_share(agreement=mine, by=None)

    response = as_coordinator_a.get(
        f"/institusi-saya/alfa/draf/{mine.pk}/versi/{version_b.pk}/unduh/"
    )
    agree = as_coordinator_a.post(
        f"/institusi-saya/alfa/draf/{mine.pk}/", {"action": "agree", "version": version_b.pk}
    )

    assert response.status_code == 404
    assert agree.status_code == 400
    assert not version_b.approvals.exists()


def test_own_dashboard_lists_no_draft_of_b(as_coordinator_a, b_draft):
    response = as_coordinator_a.get("/institusi-saya/alfa/")

    assert "Draf rahasia Beta" not in response.text
    assert "Draf dalam pembahasan" not in response.text
