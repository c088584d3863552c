"""Booking on behalf: staff record a request for a partner who phoned or
wrote; the same venue and time rules apply, the request is marked as entered
by staff, and the institution's coordinators are told and can follow it."""

import pytest
from django.core import mail
from django.urls import reverse

from partners.models import Membership
from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.visits import ClosedDateFactory, weekday_after
from tests.visits.partner_requests import form_data
from visits.choices import VisitState
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db

ADD = reverse("visit_requests:add")
QUEUE = reverse("visit_requests:index")


@pytest.fixture
def coordinator(institution_a):
    return MembershipFactory(
        institution=institution_a,
        role=Membership.Role.COORDINATOR,
        user__full_name="Rina Koordinator",
        user__preferred_language="en",
    ).user


def _staff_data(**overrides):
    data = form_data(**overrides)
    data.pop("privacy_consent")
    data.pop("request_letter")
    return data


def test_the_queue_leads_staff_to_the_form(staff_client, venue, institution_a):
    queue = staff_client.get(QUEUE).text
    assert f'href="{ADD}' in queue
    page = staff_client.get(ADD)
    assert page.status_code == 200
    assert "Catat permohonan untuk mitra" in page.text
    assert "Poltekes Banjarmasin" in page.text
    assert 'name="privacy_consent"' not in page.text


def test_staff_record_a_request_the_coordinators_are_told_and_members_follow_it(
    staff_client,
    staff_user,
    venue,
    institution_a,
    coordinator,
    member_a,
    client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(ADD, _staff_data(contact_email="nur@poltekes.example"))
    visit = VisitRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("visit_requests:inspect", args=[visit.pk])
    assert visit.state == VisitState.SUBMITTED
    assert visit.institution == institution_a
    assert visit.entered_by == staff_user
    assert visit.requester is None
    assert visit.consent is None
    assert visit.transitions.get().actor == staff_user

    page = staff_client.get(response["Location"]).text
    assert "Dimasukkan oleh staf" in page and "Dewi Kartika" in page

    [told] = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert (
        told.subject == f"Study visit {visit.reference}: recorded for your institution by our staff"
    )
    assert "Dear Rina Koordinator," in told.body
    assert reverse("visits:request-detail", args=[visit.pk]).removeprefix("/") in told.body
    # The contact person gets the usual receipt.
    assert [m for m in mail.outbox if m.to == ["nur@poltekes.example"]]

    # Any member of the institution follows it as their own.
    client.force_login(member_a)
    assert visit.reference in client.get(reverse("visits:request-list")).text
    detail = client.get(reverse("visits:request-detail", args=[visit.pk])).text
    assert "Oleh staf kerja sama kami, untuk institusi Anda" in detail


def test_the_partner_s_time_rules_apply(staff_client, venue, institution_a):
    day = weekday_after(21)
    ClosedDateFactory(venue=venue, date=day)
    response = staff_client.post(ADD, _staff_data(day=day))
    assert response.status_code == 200
    assert "Waktu pilihan pertama" in response.text
    assert "Hari libur nasional" in response.text
    assert not VisitRequest.objects.exists()
    # What staff typed is still there.
    assert "Belajar layanan repositori." in response.text


def test_the_same_form_posted_twice_records_one_request(staff_client, venue, institution_a):
    data = _staff_data()
    first = staff_client.post(ADD, data)
    second = staff_client.post(ADD, data)
    assert first["Location"] == second["Location"]
    assert VisitRequest.objects.count() == 1


def test_only_verified_unarchived_institutions_are_offered(staff_client, venue):
    unverified = InstitutionFactory(name="Belum Terverifikasi", is_verified=False)
    response = staff_client.post(ADD, _staff_data(institution=str(unverified.pk)))
    assert response.status_code == 200
    assert not VisitRequest.objects.exists()
    assert "Belum Terverifikasi" not in staff_client.get(ADD).text


def test_partners_cannot_record_for_others(signed_in_a):
    assert signed_in_a.get(ADD).status_code in (302, 403)
    assert signed_in_a.post(ADD, _staff_data()).status_code in (302, 403)
    assert not VisitRequest.objects.exists()


def test_the_form_in_english(staff_user, client, venue, institution_a):
    staff_user.preferred_language = "en"
    staff_user.save()
    client.force_login(staff_user)
    page = client.get(ADD).text
    assert "Record a request for a partner" in page
    assert "Record the request" in page
