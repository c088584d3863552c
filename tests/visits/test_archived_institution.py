import pytest
from django.core import mail
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from tests.factories.visits import ScheduledVisitFactory, VisitMessageFactory
from tests.factories.visits_reports import HeldVisitFactory
from tests.visits.test_partner_views import form_data
from visits.choices import VisitState
from visits.models import VisitFeedback, VisitMessage, VisitRequest, VisitTransition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def visits(institution_a, member_a, venue):
    scheduled = ScheduledVisitFactory(institution=institution_a, requester=member_a, venue=venue)
    VisitMessageFactory(request=scheduled, author=member_a, body="Pesan sebelum arsip")
    held = HeldVisitFactory(institution=institution_a, requester=member_a, venue=venue)
    return scheduled, held


@pytest.fixture
def archived(client, institution_a, member_a, visits):
    institution_a.archived_at = timezone.now()
    institution_a.save()
    client.force_login(member_a)
    return visits


def _snapshot():
    return [
        sorted(repr(model_to_dict(obj)) for obj in model.objects.all())
        for model in (VisitRequest, VisitMessage, VisitTransition, VisitFeedback)
    ]


def test_member_reaches_every_path_before_the_institution_is_archived(client, member_a, visits):
    scheduled, held = visits
    client.force_login(member_a)

    assert scheduled.reference in client.get(reverse("visits:request-list")).text
    for name, visit in [
        ("visits:request-detail", scheduled),
        ("visits:request-letter", scheduled),
        ("visits:request-cancel", scheduled),
        ("visits:request-feedback", held),
    ]:
        assert client.get(reverse(name, args=[visit.pk])).status_code == 200, name
    assert client.get(reverse("visits:request-create")).status_code == 200


def test_archived_institutions_visits_leave_the_members_list(client, archived, institution_a):
    scheduled, held = archived

    response = client.get(reverse("visits:request-list"))

    assert response.status_code == 200
    assert scheduled.reference not in response.text
    assert held.reference not in response.text
    assert f"{institution_a.name} telah diarsipkan oleh staf kerja sama kami:" in response.text


@pytest.mark.parametrize(
    ("name", "which"),
    [
        ("visits:request-detail", 0),
        ("visits:request-edit", 0),
        ("visits:request-cancel", 0),
        ("visits:request-letter", 0),
        ("visits:request-feedback", 1),
    ],
)
def test_archived_institutions_visit_pages_are_gone(client, archived, name, which):
    response = client.get(reverse(name, args=[archived[which].pk]))

    assert response.status_code == 404
    assert "Pesan sebelum arsip" not in response.text


@pytest.mark.parametrize(
    ("name", "which", "data"),
    [
        ("visits:request-message", 0, {"body": "Masih bisa kirim pesan?"}),
        ("visits:request-cancel", 0, {"reason": "Kami batalkan saja."}),
        ("visits:request-feedback", 1, {"rating": "5", "comment": "Bagus sekali."}),
    ],
)
def test_archived_institutions_members_change_nothing(
    client, archived, name, which, data, django_capture_on_commit_callbacks
):
    before = _snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(name, args=[archived[which].pk]), data)

    assert response.status_code == 404
    assert _snapshot() == before
    assert mail.outbox == []
    assert VisitRequest.objects.get(pk=archived[0].pk).state == VisitState.SCHEDULED


def test_archived_institutions_members_cannot_request_a_visit(
    client, archived, institution_a, django_capture_on_commit_callbacks
):
    before = _snapshot()

    page = client.get(reverse("visits:request-create"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("visits:request-create"), form_data())

    assert page.status_code == 403
    assert f"{institution_a.name} telah diarsipkan oleh staf kerja sama kami." in page.text
    assert "belum menjadi anggota aktif" not in page.text
    assert response.status_code == 403
    assert _snapshot() == before
    assert mail.outbox == []


def test_staff_still_read_the_letter_of_an_archived_institution(client, archived, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("visits:request-letter", args=[archived[0].pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
