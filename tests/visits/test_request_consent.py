"""The privacy consent of a visit request is written by ``visit_request_submit``
in the request's own transaction and linked to it (issue 12)."""

import uuid

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.models.privacy import ConsentPurpose, ConsentRecord
from tests.factories.files import pdf_upload
from tests.factories.visits import weekday_after, wib
from tests.visits.partner_requests import form_data
from visits.models import VisitRequest, VisitTransition
from visits.services import submission

pytestmark = pytest.mark.django_db


def submit(institution, member, **extra):
    day = weekday_after(21)
    return submission.visit_request_submit(
        institution=institution,
        requester=member,
        idempotency_key=uuid.uuid4(),
        data={
            "contact_name": "Nur Aisyah",
            "contact_email": "nur@poltekes.example",
            "purpose": "Belajar layanan perpustakaan digital.",
            "group_size": 12,
            "leaders_count": 2,
            "librarians_count": 10,
        },
        topics=[],
        slots=[(wib(day, 9), wib(day, 11))],
        request_letter=pdf_upload(),
        **extra,
    )


def test_the_consent_is_recorded_and_linked_to_the_request(institution_a, member_a, venue):
    http_request = RequestFactory().post("/", HTTP_USER_AGENT="Firefox", REMOTE_ADDR="203.0.113.7")
    visit, created = submit(institution_a, member_a, consent=True, consent_request=http_request)
    assert created
    visit.refresh_from_db()
    consent = ConsentRecord.objects.get(user=member_a, purpose=ConsentPurpose.VISIT_REQUEST)
    assert visit.consent == consent
    assert consent.visit_request == visit
    assert consent.notice.version
    assert consent.user_agent == "Firefox"


def test_a_failure_after_the_consent_rolls_back_the_consent_and_the_request(
    institution_a, member_a, venue, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    # The last write of the submission fails, after the consent was written.
    monkeypatch.setattr(VisitTransition.objects, "create", broken)
    with pytest.raises(RuntimeError):
        submit(institution_a, member_a, consent=True)
    assert not VisitRequest.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_the_same_form_sent_twice_records_one_consent(institution_a, member_a, venue):
    key = uuid.uuid4()
    day = weekday_after(21)
    arguments = {
        "institution": institution_a,
        "requester": member_a,
        "idempotency_key": key,
        "data": {
            "contact_name": "Nur Aisyah",
            "contact_email": "nur@poltekes.example",
            "purpose": "Belajar.",
            "group_size": 2,
            "leaders_count": 2,
        },
        "topics": [],
        "slots": [(wib(day, 9), wib(day, 11))],
        "consent": True,
    }
    first, created = submission.visit_request_submit(request_letter=pdf_upload(), **arguments)
    again, created_again = submission.visit_request_submit(request_letter=pdf_upload(), **arguments)
    assert created and not created_again
    assert again == first
    assert ConsentRecord.objects.filter(purpose=ConsentPurpose.VISIT_REQUEST).count() == 1


def test_a_request_from_the_form_is_linked_to_its_consent(client, institution_a, member_a, venue):
    day = weekday_after(21)
    client.force_login(member_a)
    response = client.post(
        reverse("visits:request-create"),
        form_data(day, institution=str(institution_a.pk), venue=str(venue.pk)),
    )
    assert response.status_code == 302
    visit = VisitRequest.objects.get()
    assert visit.consent.user == member_a
    assert visit.consent.purpose == ConsentPurpose.VISIT_REQUEST
