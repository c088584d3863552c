"""Follow-up evidence files (issue 15, part 4): the partner uploads a file for
its own side's action, a file that is not what it says is refused with a
message, and only the institution's members and staff download it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from partners.models import FollowUp
from portal.models import AuditEvent
from tests.factories.files import fake_pdf_upload, pdf_upload
from tests.factories.partners import AgreementFactory

pytestmark = pytest.mark.django_db


def _png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 110, 70)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _action(institution, **fields):
    values = {
        "title": "Mengirim daftar hadir",
        "side": "partner",
        "owner": "Nur Aisyah",
        "due_date": timezone.localdate() + datetime.timedelta(days=5),
    }
    values.update(fields)
    return FollowUp.objects.create(institution=institution, **values)


def _post(client, action, slug="alfa", **data):
    payload = {"status": "done", "evidence_url": "", "note": ""}
    payload.update(data)
    return client.post(f"/institusi-saya/{slug}/tindak-lanjut/{action.pk}/", payload, follow=True)


def test_partner_marks_done_with_an_evidence_file(client, member_a, institution_a):
    agreement = AgreementFactory(partners=[institution_a])
    action = _action(institution_a, agreement=agreement)
    client.force_login(member_a)

    response = _post(client, action, evidence_file=pdf_upload("daftar-hadir.pdf"))

    action.refresh_from_db()
    assert action.status == "done"
    assert action.evidence_file.name.endswith(".pdf")
    assert "Berkas bukti: " in response.text
    download = client.get(f"/institusi-saya/alfa/tindak-lanjut/{action.pk}/bukti/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="follow_up_evidence.download").count() == 1


def test_a_photo_is_accepted_as_evidence(client, member_a, institution_a):
    action = _action(institution_a)
    client.force_login(member_a)

    _post(client, action, evidence_file=_png())

    action.refresh_from_db()
    assert (action.status, action.evidence_file_name.endswith(".png")) == ("done", True)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (fake_pdf_upload("bukti.pdf"), "bukan dokumen PDF"),
        (_png("foto.jpg"), "bukan gambar JPEG"),
        (SimpleUploadedFile("bukti.jpg", b"<html>bukan foto</html>"), "bukan gambar JPEG"),
        (SimpleUploadedFile("bukti.exe", b"MZ\x90\x00"), "PDF, JPEG atau PNG"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(
    client, member_a, institution_a, upload, message
):
    action = _action(institution_a)
    client.force_login(member_a)

    response = _post(client, action, evidence_file=upload)

    assert response.status_code == 200
    assert message in response.text
    action.refresh_from_db()
    assert (action.status, action.evidence_file.name) == ("open", "")


def test_staff_download_the_evidence_from_the_admin(client, staff_user, institution_a):
    action = _action(institution_a, status="done", evidence_file=pdf_upload("bukti.pdf"))
    client.force_login(staff_user)

    page = client.get(f"/admin/partners/follow-ups/inspect/{action.pk}/")
    response = client.get(f"/admin/partners/follow-ups/evidence/{action.pk}/")

    assert f"/admin/partners/follow-ups/evidence/{action.pk}/" in page.text
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="follow_up_evidence.download").actor == staff_user


# Isolation ---------------------------------------------------------------------------------


@pytest.fixture
def action_b(institution_b):
    return _action(
        institution_b,
        title="Rahasia tindak lanjut Beta",
        status="done",
        evidence_file=pdf_upload("rahasia-beta.pdf"),
    )


@pytest.mark.parametrize("slug", ["alfa", "beta"])
def test_a_member_never_reaches_another_institutions_evidence(client, member_a, action_b, slug):
    client.force_login(member_a)

    response = client.get(f"/institusi-saya/{slug}/tindak-lanjut/{action_b.pk}/bukti/")
    update = _post(client, action_b, slug=slug, status="dropped")

    assert response.status_code == 404
    assert update.redirect_chain == [] and update.status_code == 404
    action_b.refresh_from_db()
    assert action_b.status == "done"
    assert not AuditEvent.objects.filter(action="follow_up_evidence.download").exists()


def test_own_dashboard_lists_no_action_of_another_institution(client, member_a, action_b):
    client.force_login(member_a)

    response = client.get("/institusi-saya/alfa/")

    assert response.status_code == 200
    assert "Rahasia tindak lanjut Beta" not in response.text
    assert f"/tindak-lanjut/{action_b.pk}/" not in response.text


def test_partner_members_cannot_use_the_admin_evidence_download(client, member_b, action_b):
    client.force_login(member_b)

    response = client.get(f"/admin/partners/follow-ups/evidence/{action_b.pk}/")

    assert response.status_code in (302, 403)


def test_anonymous_is_sent_to_sign_in_for_evidence(client, action_b):
    response = client.get(f"/institusi-saya/beta/tindak-lanjut/{action_b.pk}/bukti/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_refused_update_keeps_what_was_typed(client, member_a, institution_a):
    action = _action(institution_a)
    client.force_login(member_a)

    response = _post(
        client,
        action,
        note="Daftar hadir ditandatangani kepala perpustakaan",
        evidence_file=fake_pdf_upload("daftar.pdf"),
    )
    again = client.get("/institusi-saya/alfa/")

    item = response.text.split(f'id="follow-up-{action.pk}"')[1].split("</li>")[0]
    assert "<details open>" in item
    assert "Daftar hadir ditandatangani kepala perpustakaan" in item
    assert '<option value="done" selected>' in item
    assert "Daftar hadir ditandatangani kepala perpustakaan" not in again.text  # shown once
