import pytest
from django.core import mail

from partners.models import Institution, Membership
from portal.models import AuditEvent
from tests.factories.files import pdf_upload
from tests.factories.partners import (
    AgreementDocumentFactory,
    AgreementFactory,
    InstitutionFactory,
    MembershipFactory,
    PartnerActivityFactory,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize(
    "prefix",
    [
        "institutions",
        "memberships",
        "agreements",
        "documents",
        "activities",
        "scope-areas",
    ],
)
def test_staff_screens_list_and_export(staff_client, prefix):
    institution = InstitutionFactory(name="Poltekes Banjarmasin")
    agreement = AgreementFactory(partners=[institution])
    MembershipFactory(institution=institution)
    AgreementDocumentFactory(agreement=agreement)
    PartnerActivityFactory(agreement=agreement)
    agreement.scope_areas.create(name="Literasi kesehatan")

    listing = staff_client.get(f"/admin/partners/{prefix}/")
    export = staff_client.get(f"/admin/partners/{prefix}/", {"export": "csv"})

    assert listing.status_code == 200
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(action__startswith="export.").count() == 1


def test_institution_listing_filters_and_searches(staff_client):
    InstitutionFactory(name="Poltekes Banjarmasin", province="kalsel")
    InstitutionFactory(name="Perpustakaan Jayapura", province="papua")

    by_province = staff_client.get("/admin/partners/institutions/", {"province": "kalsel"})
    by_search = staff_client.get("/admin/partners/institutions/", {"q": "Jayapura"})

    assert [i.name for i in by_province.context["object_list"]] == ["Poltekes Banjarmasin"]
    assert [i.name for i in by_search.context["object_list"]] == ["Perpustakaan Jayapura"]


def test_inspect_and_history_views(staff_client):
    institution = InstitutionFactory(name="Poltekes Banjarmasin")
    agreement = AgreementFactory(title="Program literasi kesehatan", partners=[institution])

    inspect = staff_client.get(f"/admin/partners/agreements/inspect/{agreement.pk}/")
    history = staff_client.get(f"/admin/partners/institutions/history/{institution.pk}/")

    assert inspect.status_code == 200
    assert "Program literasi kesehatan" in inspect.text
    assert history.status_code == 200


def test_editing_an_institution_is_recorded_in_its_history(staff_client):
    institution = InstitutionFactory(name="Poltekes Banjarmasin")
    from wagtail.models import ModelLogEntry

    staff_client.post(
        f"/admin/partners/institutions/edit/{institution.pk}/",
        {
            "name": "Poltekes Kemenkes Banjarmasin",
            "short_name": "",
            "slug": institution.slug,
            "kind": institution.kind,
            "province": "kalsel",
            "country": "ID",
        },
    )

    institution.refresh_from_db()
    assert institution.name == "Poltekes Kemenkes Banjarmasin"
    assert ModelLogEntry.objects.filter(
        object_id=str(institution.pk), action="wagtail.edit"
    ).exists()


def test_deleting_an_institution_with_agreements_is_refused(staff_client):
    institution = InstitutionFactory(name="Poltekes Banjarmasin")
    AgreementFactory(partners=[institution])

    page = staff_client.get(f"/admin/partners/institutions/delete/{institution.pk}/")
    response = staff_client.post(f"/admin/partners/institutions/delete/{institution.pk}/")

    assert "archive" in page.text.lower() or "arsip" in page.text.lower()
    assert response.status_code == 302
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_deleting_an_institution_without_agreements_works(staff_client):
    institution = InstitutionFactory()

    staff_client.post(f"/admin/partners/institutions/delete/{institution.pk}/")

    assert not Institution.objects.filter(pk=institution.pk).exists()


def test_archiving_hides_the_institution_from_the_public(staff_client, client):
    institution = InstitutionFactory(slug="alfa")

    staff_client.post(f"/admin/partners/institutions/archive/{institution.pk}/")

    institution.refresh_from_db()
    assert institution.is_archived
    assert client.get("/mitra/alfa/").status_code == 404


def test_verifying_makes_the_requester_coordinator_and_mails_them(
    staff_client, django_capture_on_commit_callbacks
):
    requester = UserFactory(email="pustakawan@contoh.example")
    institution = InstitutionFactory(is_verified=False, created_by=requester)
    membership = MembershipFactory(
        user=requester, institution=institution, role="coordinator", state="pending"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/partners/institutions/verify/{institution.pk}/")

    assert response.status_code == 302
    institution.refresh_from_db()
    membership.refresh_from_db()
    assert institution.is_verified
    assert membership.state == Membership.State.ACTIVE
    assert [m.to for m in mail.outbox] == [["pustakawan@contoh.example"]]


def test_staff_approve_a_membership_in_the_admin(staff_client, django_capture_on_commit_callbacks):
    membership = MembershipFactory(state="pending", user__email="baru@contoh.example")

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/partners/memberships/approve/{membership.pk}/")

    membership.refresh_from_db()
    assert membership.state == Membership.State.ACTIVE
    assert [m.to for m in mail.outbox] == [["baru@contoh.example"]]


def test_staff_upload_a_signed_document(staff_client, staff_user):
    agreement = AgreementFactory()

    response = staff_client.post(
        "/admin/partners/documents/new/",
        {"agreement": agreement.pk, "title": "MoU bertanda tangan", "file": pdf_upload()},
    )

    assert response.status_code == 302
    document = agreement.documents.get()
    assert document.uploaded_by == staff_user
    assert "/media/" not in document.file.path


def test_uploading_a_fake_pdf_is_refused_with_a_message(staff_client):
    from tests.factories.files import fake_pdf_upload

    agreement = AgreementFactory()

    response = staff_client.post(
        "/admin/partners/documents/new/",
        {"agreement": agreement.pk, "title": "Palsu", "file": fake_pdf_upload()},
    )

    assert response.status_code == 200
    assert not agreement.documents.exists()


def test_partner_member_cannot_open_the_admin_screens(client, member_a):
    client.force_login(member_a)

    response = client.get("/admin/partners/agreements/")

    assert response.status_code in (302, 403)


def test_staff_filter_agreements_by_their_state_today(staff_client, frozen_time):
    import datetime

    from partners.models import Agreement, AgreementState
    from tests.factories.partners import AgreementFactory

    today = datetime.date.today()
    days = datetime.timedelta
    made = {
        AgreementState.ACTIVE: AgreementFactory(title="Naskah berjalan"),
        AgreementState.EXPIRING: AgreementFactory(
            title="Naskah hampir habis", end_date=today + days(20)
        ),
        AgreementState.EXPIRED: AgreementFactory(
            title="Naskah lama",
            signed_on=today - days(800),
            end_date=today - days(3),
        ),
        AgreementState.DRAFT: AgreementFactory(
            title="Naskah rancangan", signed_on=None, start_date=today, end_date=today + days(900)
        ),
        AgreementState.TERMINATED: AgreementFactory(
            title="Naskah diakhiri", terminated_on=today - days(1)
        ),
    }
    for state, agreement in made.items():
        # The database filter agrees with the state the model derives.
        assert agreement.state == state
        assert list(Agreement.objects.in_state(state)) == [agreement]
        listing = staff_client.get("/admin/partners/agreements/", {"state": state.value}).text
        for other in made.values():
            assert (other.title in listing) == (other is agreement), (state, other.title)
