"""Actions agreed at a visit (issue 15, part 4): staff add them from the visit
request's page; they are the partner's follow-up actions, linked to the
visit and to an agreement, on the partner's dashboard at once."""

import datetime

import pytest
from django.utils import timezone

from partners.models import FollowUp
from tests.factories.partners import AgreementFactory
from tests.factories.visits_reports import HeldVisitFactory
from visits.models import VisitFollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(institution_a):
    agreement = AgreementFactory(title="IA pelatihan", kind="mou", partners=[institution_a])
    return HeldVisitFactory(institution=institution_a, agreement=agreement)


def _form(**fields):
    data = {
        "title": "Mengirim daftar hadir",
        "side": "partner",
        "owner": "Nur Aisyah",
        "due_date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "agreement": "",
        "note": "",
    }
    data.update(fields)
    return data


def test_staff_add_an_action_agreed_at_a_held_visit(staff_client, held, member_a, client):
    url = f"/admin/visit_requests/follow-up/{held.pk}/"

    form = staff_client.get(url)
    response = staff_client.post(url, _form(agreement=held.agreement_id), follow=True)

    assert form.status_code == 200
    follow_up = FollowUp.objects.get()
    assert (follow_up.institution, follow_up.agreement) == (held.institution, held.agreement)
    assert follow_up.agreed_at == held.reference
    assert VisitFollowUp.objects.get().visit == held
    assert "Mengirim daftar hadir" in response.text  # listed on the visit's page
    client.force_login(member_a)
    dashboard = client.get(f"/institusi-saya/{held.institution.slug}/")
    assert "Mengirim daftar hadir" in dashboard.text
    assert held.reference in dashboard.text


def test_bad_input_keeps_what_was_typed(staff_client, held, institution_b):
    other = AgreementFactory(title="Perjanjian lain", partners=[institution_b])

    response = staff_client.post(
        f"/admin/visit_requests/follow-up/{held.pk}/",
        _form(title="", owner="Dewi Kartika", agreement=other.pk),
    )

    assert response.status_code == 400
    assert "Dewi Kartika" in response.text
    assert "Perjanjian lain" not in response.text
    assert not FollowUp.objects.exists()


def test_a_visit_not_yet_held_gets_no_actions(staff_client, institution_a):
    from tests.factories.visits import ScheduledVisitFactory

    visit = ScheduledVisitFactory(institution=institution_a)

    response = staff_client.post(
        f"/admin/visit_requests/follow-up/{visit.pk}/", _form(), follow=True
    )

    assert "setelah kunjungan berlangsung" in response.text
    assert not FollowUp.objects.exists()


def test_partner_members_cannot_add_actions(client, member_a, held):
    client.force_login(member_a)

    response = client.post(f"/admin/visit_requests/follow-up/{held.pk}/", _form())

    assert response.status_code in (302, 403)
    assert not FollowUp.objects.exists()
