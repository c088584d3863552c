import pytest

from portal.models import AuditEvent
from tests.factories.partners import AgreementDocumentFactory, AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(institution_a):
    agreement = AgreementFactory(partners=[institution_a])
    return AgreementDocumentFactory(agreement=agreement)


def test_member_of_a_party_downloads_the_signed_document(client, member_a, document):
    client.force_login(member_a)

    response = client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="agreement_document.download")
    assert (event.actor, event.target_object_id) == (member_a, str(document.pk))


def test_staff_download_any_document(client, staff_user, document):
    client.force_login(staff_user)

    assert client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/").status_code == 200


def test_member_of_another_institution_gets_not_found(client, member_b, document):
    client.force_login(member_b)

    assert client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/").status_code == 404
    assert not AuditEvent.objects.filter(action="agreement_document.download").exists()


def test_pending_member_gets_not_found(client, institution_a, document):
    from tests.factories.partners import MembershipFactory

    pending = MembershipFactory(institution=institution_a, state="pending").user
    client.force_login(pending)

    assert client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, document):
    response = client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_file_is_not_under_the_public_media_root(document, settings):
    assert not str(document.file.path).startswith(str(settings.MEDIA_ROOT))
    assert document.file.url.startswith("/private-media-is-not-served/")


def test_download_is_named_after_the_document(client, member_a, document):
    document.title = "MoU bertanda tangan"
    document.save()
    client.force_login(member_a)

    response = client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/")

    assert f'filename="mou-bertanda-tangan-{document.pk}.pdf"' in response["Content-Disposition"]


def test_members_of_an_archived_institution_lose_the_documents(
    client, member_a, institution_a, document
):
    from django.utils import timezone

    institution_a.archived_at = timezone.now()
    institution_a.save()
    client.force_login(member_a)

    assert client.get(f"/dokumen-kerja-sama/{document.pk}/unduh/").status_code == 404
