"""The writes behind the staff screens: archiving, restoring, verifying an
institution and uploading a signed agreement, each through partners.services."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from partners import selectors, services
from partners.models import AgreementDocument, Institution
from tests.factories.files import fake_pdf_upload, pdf_upload
from tests.factories.partners import AgreementFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


def _history(instance):
    return list(ModelLogEntry.objects.for_instance(instance).values_list("action", "user_id"))


def test_archiving_hides_the_institution_and_is_in_its_history(staff_user, member_a):
    institution = Institution.objects.get(slug="alfa")

    services.institution_archive(institution=institution, by=staff_user)

    institution.refresh_from_db()
    assert institution.is_archived
    assert not Institution.objects.public().filter(pk=institution.pk).exists()
    assert selectors.membership_for_dashboard(user=member_a) is None
    assert selectors.archived_institution_for_user(user=member_a) == institution
    assert _history(institution) == [("partners.archive", staff_user.pk)]


def test_archiving_twice_is_refused_and_changes_nothing(staff_user):
    institution = InstitutionFactory()
    services.institution_archive(institution=institution, by=staff_user)
    institution.refresh_from_db()
    archived_at = institution.archived_at

    with pytest.raises(ValidationError, match="sudah diarsipkan"):
        services.institution_archive(institution=institution, by=staff_user)

    institution.refresh_from_db()
    assert institution.archived_at == archived_at
    assert len(_history(institution)) == 1


def test_restoring_lists_the_institution_again(staff_user, member_a):
    institution = Institution.objects.get(slug="alfa")
    services.institution_archive(institution=institution, by=staff_user)

    services.institution_restore(institution=institution, by=staff_user)

    institution.refresh_from_db()
    assert not institution.is_archived
    assert Institution.objects.public().filter(pk=institution.pk).exists()
    assert selectors.membership_for_dashboard(user=member_a).institution == institution
    assert _history(institution)[0] == ("partners.restore", staff_user.pk)


def test_restoring_an_institution_that_is_not_archived_is_refused(staff_user):
    institution = InstitutionFactory()

    with pytest.raises(ValidationError, match="tidak sedang diarsipkan"):
        services.institution_restore(institution=institution, by=staff_user)

    assert _history(institution) == []


def test_verifying_is_in_the_institutions_history(staff_user):
    institution = InstitutionFactory(is_verified=False)

    services.institution_verify(institution=institution, by=staff_user)

    institution.refresh_from_db()
    assert institution.is_verified
    assert _history(institution) == [("partners.verify", staff_user.pk)]


def test_uploading_a_signed_agreement_stores_it_privately(staff_user, settings):
    agreement = AgreementFactory()

    document = services.agreement_document_upload(
        agreement=agreement, title="MoU bertanda tangan", file=pdf_upload(), by=staff_user
    )

    assert agreement.documents.get() == document
    assert document.uploaded_by == staff_user
    with document.file.open("rb") as stored:
        assert stored.read(4) == b"%PDF"
    assert not str(document.file.path).startswith(str(settings.MEDIA_ROOT))
    assert _history(document) == [("wagtail.create", staff_user.pk)]


def test_uploading_something_else_than_a_pdf_is_refused(staff_user):
    agreement = AgreementFactory()

    with pytest.raises(ValidationError) as refused:
        services.agreement_document_upload(
            agreement=agreement, title="Palsu", file=fake_pdf_upload(), by=staff_user
        )

    assert "file" in refused.value.message_dict
    assert not AgreementDocument.objects.exists()


def test_staff_archive_and_restore_from_the_admin_with_a_message(client, staff_user):
    institution = InstitutionFactory(name="Poltekes Banjarmasin")
    client.force_login(staff_user)
    url = f"/admin/partners/institutions/archive/{institution.pk}/"

    archived = client.post(url, follow=True)
    institution.refresh_from_db()
    assert institution.is_archived
    restored = client.post(url, follow=True)
    institution.refresh_from_db()

    assert not institution.is_archived
    assert [str(m) for m in archived.context["messages"]] == [
        "Poltekes Banjarmasin diarsipkan: disembunyikan dari publik dan dari anggota."
    ]
    assert [str(m) for m in restored.context["messages"]] == [
        "Poltekes Banjarmasin ditampilkan kembali."
    ]
    assert [action for action, _user in _history(institution)] == [
        "partners.restore",
        "partners.archive",
    ]
