"""Internal notes: staff write them on a request's page; the partner never
reads them, on any page, in any e-mail, export or personal-data download."""

import io
import json

import openpyxl
import pytest
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from portal.models import AuditEvent
from portal.privacy import services as privacy_services
from tests.factories.visits import ScheduledVisitFactory, VisitRequestFactory
from visits.models import VisitInternalNote
from visits.services import office, workflow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

SECRET = "RAHASIA-INTERNAL: ketua rombongan pernah membatalkan mendadak"


def _inspect(visit):
    return reverse("visit_requests:inspect", args=[visit.pk])


def test_staff_write_a_note_that_only_staff_read(staff_client, staff_user):
    visit = VisitRequestFactory()
    response = staff_client.post(
        reverse("visit_requests:internal_note", args=[visit.pk]),
        {"internal-body": SECRET},
        follow=True,
    )
    assert "Catatan internal Anda tersimpan." in response.text
    assert SECRET in response.text
    note = VisitInternalNote.objects.get()
    assert (note.request, note.author) == (visit, staff_user)
    assert AuditEvent.objects.filter(action="visit_request.internal_note").count() == 1


def test_an_empty_note_is_refused_with_a_message(staff_client):
    visit = VisitRequestFactory()
    response = staff_client.post(
        reverse("visit_requests:internal_note", args=[visit.pk]),
        {"internal-body": "   "},
        follow=True,
    )
    assert response.status_code == 200
    assert not VisitInternalNote.objects.exists()
    assert "Tulis catatannya terlebih dahulu." in response.text


def test_a_partner_cannot_write_an_internal_note(member_a, institution_a):
    from django.core.exceptions import PermissionDenied

    visit = VisitRequestFactory(institution=institution_a, requester=member_a)
    with pytest.raises(PermissionDenied):
        office.visit_internal_note_add(visit=visit, author=member_a, body=SECRET)
    assert not VisitInternalNote.objects.exists()


def test_a_partner_cannot_reach_the_staff_note_url(client, member_a, institution_a):
    visit = VisitRequestFactory(institution=institution_a, requester=member_a)
    client.force_login(member_a)
    response = client.post(
        reverse("visit_requests:internal_note", args=[visit.pk]), {"internal-body": SECRET}
    )
    assert response.status_code in (302, 403)
    assert not VisitInternalNote.objects.exists()


def test_the_partner_never_sees_an_internal_note(
    client,
    staff_user,
    member_a,
    institution_a,
    venue,
    django_capture_on_commit_callbacks,
):
    visit = ScheduledVisitFactory(institution=institution_a, requester=member_a, venue=venue)
    office.visit_internal_note_add(visit=visit, author=staff_user, body=SECRET)
    office.visit_request_assign(visit=visit, actor=staff_user, handler=staff_user)
    waiting = VisitRequestFactory(institution=institution_a, requester=member_a)
    office.visit_internal_note_add(visit=waiting, author=staff_user, body=SECRET)

    # Every e-mail the request causes: a staff reply, a partner message, a
    # change of state with its invitation, a cancellation.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_message_post(visit=visit, author=staff_user, body="Sampai jumpa.")
        workflow.visit_message_post(visit=visit, author=member_a, body="Terima kasih.")
        workflow.visit_request_request_changes(
            visit=waiting, actor=staff_user, note="Mohon lengkapi surat."
        )
        workflow.visit_request_cancel(visit=visit, actor=member_a, reason="Bentrok ujian.")
    assert len(mail.outbox) >= 4
    for message in mail.outbox:
        assert SECRET not in message.body
        for _name, content, _mimetype in message.attachments:
            assert SECRET not in (content if isinstance(content, str) else content.decode())

    # The partner's pages.
    client.force_login(member_a)
    for url in (
        reverse("visits:request-list"),
        reverse("visits:request-detail", args=[visit.pk]),
        reverse("visits:request-detail", args=[waiting.pk]),
        reverse("visits:request-edit", args=[waiting.pk]),
        "/en" + reverse("visits:request-detail", args=[visit.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.text, url
        assert "Catatan internal" not in response.text

    # The personal-data download of the requester.
    data = privacy_services.personal_data_export(user=member_a)
    assert SECRET not in json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)

    # The staff's exports (which a partner may be sent).
    staff_client = Client()
    staff_client.force_login(staff_user)
    export = reverse("visit_export:index")
    csv_text = staff_client.get(export, {"format": "csv"}).content.decode("utf-8-sig")
    assert visit.reference in csv_text
    assert SECRET not in csv_text
    workbook = openpyxl.load_workbook(
        io.BytesIO(staff_client.get(export, {"format": "xlsx"}).content)
    )
    cells = [str(cell.value) for row in workbook.active.iter_rows() for cell in row]
    assert visit.reference in cells
    assert not any(SECRET in cell for cell in cells)

    # Staff still read it.
    assert SECRET in staff_client.get(_inspect(visit)).text
