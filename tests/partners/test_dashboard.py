import pytest
from wagtail import hooks

from portal import extensions
from portal.extensions import Section
from tests.factories.partners import (
    AgreementDocumentFactory,
    AgreementFactory,
    InstitutionFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def test_dashboard_shows_profile_members_agreements_and_documents(client, member_a, institution_a):
    MembershipFactory(institution=institution_a, user__full_name="Rahmat Hidayat")
    MembershipFactory(institution=institution_a, user__full_name="Calon Anggota", state="pending")
    agreement = AgreementFactory(title="Program literasi kesehatan", partners=[institution_a])
    document = AgreementDocumentFactory(agreement=agreement, title="PKS bertanda tangan")
    client.force_login(member_a)

    response = client.get("/institusi-saya/", follow=True)

    assert response.redirect_chain[-1][0] == "/institusi-saya/alfa/"
    assert "Perpustakaan Alfa" in response.text
    assert "Rahmat Hidayat" in response.text
    assert "Calon Anggota" not in response.text  # pending requests are for coordinators
    assert "Program literasi kesehatan" in response.text
    assert f"/dokumen-kerja-sama/{document.pk}/unduh/" in response.text
    assert "Undang rekan" not in response.text


def test_coordinator_sees_pending_requests_and_the_invitation_form(
    client, coordinator_a, institution_a
):
    MembershipFactory(institution=institution_a, user__full_name="Calon Anggota", state="pending")
    client.force_login(coordinator_a)

    response = client.get("/institusi-saya/alfa/")

    assert "Calon Anggota" in response.text
    assert "Setujui" in response.text
    assert "Undang rekan" in response.text


def test_dashboard_shows_sections_from_other_apps(client, member_a):
    def visits(institution, user):
        return [
            Section(
                title="Kunjungan studi",
                template="visits/sections/dashboard_visits.html",
                context={"visits": []},
            )
        ]

    client.force_login(member_a)
    with hooks.register_temporarily(extensions.dashboard_sections.name, visits):
        response = client.get("/institusi-saya/alfa/")

    assert "<h2>Kunjungan studi</h2>" in response.text


def test_dashboard_in_english(client, member_a):
    client.force_login(member_a)

    response = client.get("/en/institusi-saya/alfa/")

    assert "My institution" in response.text


def _grow(institution, n):
    other = InstitutionFactory()
    for _ in range(n):
        MembershipFactory(institution=institution)
        MembershipFactory(institution=institution, state="pending")
        agreement = AgreementFactory(partners=[institution, other])
        agreement.scope_areas.create(name=f"Ruang lingkup {agreement.pk}")
        AgreementDocumentFactory(agreement=agreement)


def test_dashboard_query_count_does_not_grow(
    client, coordinator_a, institution_a, assert_query_count_stable
):
    client.force_login(coordinator_a)
    _grow(institution_a, 5)

    assert_query_count_stable(
        lambda: client.get("/institusi-saya/alfa/"), lambda: _grow(institution_a, 45)
    )
