"""Partner self-service (issue 15, part 6): the public profile edited by its
coordinators, name changes verified by staff, removed members told."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners.models import Institution, InstitutionChange, Membership
from tests.factories.files import fake_pdf_upload

pytestmark = pytest.mark.django_db


def _png(name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "#1f6f4a").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _profile(institution, **overrides):
    data = {
        "name": institution.name,
        "short_name": institution.short_name,
        "kind": institution.kind,
        "description": "Perpustakaan kampus dengan koleksi kesehatan.",
        "description_en": "A campus library with a health collection.",
        "website": "alfa.example",
        "address": "Jl. Mawar 1",
        "city": "Bandung",
        "email": "perpus@alfa.example",
        "phone": "+62 22 123",
    }
    data.update(overrides)
    return data


def test_coordinator_edits_the_public_profile_in_both_languages(
    client, coordinator_a, institution_a
):
    client.force_login(coordinator_a)
    form = client.get("/institusi-saya/alfa/profil/")

    response = client.post(
        "/institusi-saya/alfa/profil/", {**_profile(institution_a), "logo": _png()}
    )

    assert form.status_code == 200
    assert response.status_code == 302
    institution_a.refresh_from_db()
    assert institution_a.website == "https://alfa.example"
    assert institution_a.logo is not None
    assert "koleksi kesehatan" in client.get("/mitra/alfa/").text
    assert "health collection" in client.get("/en/mitra/alfa/").text
    assert not InstitutionChange.objects.exists()


def test_a_new_name_waits_for_staff_verification(
    client, coordinator_a, institution_a, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/institusi-saya/alfa/profil/", _profile(institution_a, name="Perpustakaan Alfa Raya")
        )

    institution_a.refresh_from_db()
    assert institution_a.name == "Perpustakaan Alfa"
    change = InstitutionChange.objects.get()
    assert (change.name, change.state) == ("Perpustakaan Alfa Raya", "pending")
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "Perpustakaan Alfa Raya" in client.get("/institusi-saya/alfa/").text

    client.force_login(staff_user)
    listing = client.get("/admin/partners/institution-changes/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/partners/institution-changes/approve/{change.pk}/")

    assert listing.status_code == 200
    institution_a.refresh_from_db()
    assert institution_a.name == "Perpustakaan Alfa Raya"
    assert mail.outbox[-1].to == [coordinator_a.email]


def test_staff_decline_a_change_of_name(client, coordinator_a, institution_a, staff_user):
    client.force_login(coordinator_a)
    client.post("/institusi-saya/alfa/profil/", _profile(institution_a, kind="public"))
    change = InstitutionChange.objects.get()

    client.force_login(staff_user)
    client.post(f"/admin/partners/institution-changes/decline/{change.pk}/")
    again = client.post(f"/admin/partners/institution-changes/approve/{change.pk}/", follow=True)

    institution_a.refresh_from_db()
    assert institution_a.kind == "university"
    assert again.status_code == 200
    assert InstitutionChange.objects.get().state == "declined"


def test_bad_input_keeps_what_was_typed(client, coordinator_a, institution_a):
    client.force_login(coordinator_a)

    response = client.post(
        "/institusi-saya/alfa/profil/",
        {**_profile(institution_a, email="bukan-alamat"), "logo": fake_pdf_upload("logo.png")},
    )

    assert response.status_code == 400
    assert "koleksi kesehatan" in response.text
    assert "bukan-alamat" in response.text
    institution_a.refresh_from_db()
    assert institution_a.description == "Perpustakaan mitra."


def test_members_and_other_institutions_cannot_edit_the_profile(
    client, member_a, coordinator_a, member_b, institution_a, institution_b
):
    from tests.factories.partners import MembershipFactory

    coordinator_b = MembershipFactory(institution=institution_b, role="coordinator").user
    client.force_login(member_a)
    assert client.get("/institusi-saya/alfa/profil/").status_code == 403
    client.force_login(coordinator_b)
    assert client.get("/institusi-saya/alfa/profil/").status_code == 404
    assert client.post("/institusi-saya/alfa/profil/", _profile(institution_a)).status_code == 404
    institution_a.refresh_from_db()
    assert institution_a.description == "Perpustakaan mitra."


def test_partners_cannot_reach_the_staff_change_screen(client, coordinator_a, institution_a):
    change = InstitutionChange.objects.create(
        institution=institution_a, name="Lain", kind="public", requested_by=coordinator_a
    )
    client.force_login(coordinator_a)
    response = client.post(f"/admin/partners/institution-changes/approve/{change.pk}/")
    assert response.status_code in (302, 403)
    assert Institution.objects.get(pk=institution_a.pk).name == "Perpustakaan Alfa"


def test_archived_institutions_profile_is_closed(client, coordinator_a, institution_a):
    from django.utils import timezone

    Institution.objects.filter(pk=institution_a.pk).update(archived_at=timezone.now())
    client.force_login(coordinator_a)

    response = client.get("/institusi-saya/alfa/profil/")

    assert response.status_code == 403
    assert "diarsipkan" in response.text.lower() or "archived" in response.text.lower()


def test_removing_a_member_emails_that_member(
    client, coordinator_a, member_a, institution_a, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=member_a)
    client.force_login(coordinator_a)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/institusi-saya/alfa/anggota/{membership.pk}/revoke/")

    assert [m.to for m in mail.outbox] == [[member_a.email]]
    assert "Perpustakaan Alfa" in mail.outbox[0].subject
