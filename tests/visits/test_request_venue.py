"""The venue a partner picks is kept, and the request's times are shown in
its zone (issue 12 §1): Bandung is WIB, Banjarmasin WITA."""

import datetime
import uuid
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.files import pdf_upload
from tests.factories.visits import VenueFactory
from tests.visits.test_display import text_of
from tests.visits.test_partner_views import form_data
from visits.choices import VisitState
from visits.models import VisitRequest
from visits.services import submission, workflow

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
VISIT_DAY = datetime.date(2026, 12, 9)  # a Wednesday, three weeks after "today"


@pytest.fixture
def venues(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 18, 10, tzinfo=WIB), tick=False)
    return {
        "bandung": VenueFactory(name="Open Library Bandung", time_zone="Asia/Jakarta"),
        "banjarmasin": VenueFactory(name="Perpustakaan Banjarmasin", time_zone="Asia/Makassar"),
    }


@pytest.mark.parametrize(
    ("name", "zone", "readable"),
    [
        ("bandung", WIB, "Rabu, 9 Desember 2026, 09.00–11.00 WIB"),
        ("banjarmasin", WITA, "Rabu, 9 Desember 2026, 09.00–11.00 WITA"),
    ],
)
def test_a_submitted_request_keeps_its_venue_and_shows_times_in_its_zone(
    client, member_a, institution_a, staff_user, venues, name, zone, readable
):
    venue = venues[name]
    client.force_login(member_a)

    response = client.post(
        reverse("visits:request-create"),
        form_data(day=VISIT_DAY, venue=str(venue.pk)),
    )

    visit = VisitRequest.objects.get()
    assert response.status_code == 302
    assert visit.venue == venue
    [slot] = visit.preferred_slots.all()
    assert slot.start == datetime.datetime(2026, 12, 9, 9, tzinfo=zone)

    partner_page = text_of(client.get(response["Location"]).content.decode())
    assert f"Tempat {venue.name}" in partner_page
    assert readable in partner_page

    client.force_login(staff_user)
    staff_page = text_of(
        client.get(reverse("visit_requests:inspect", args=[visit.pk])).content.decode()
    )
    assert readable in staff_page


def test_the_english_request_page_shows_wita_for_banjarmasin(
    client, member_a, institution_a, venues
):
    client.force_login(member_a)
    client.post(
        reverse("visits:request-create"),
        form_data(day=VISIT_DAY, venue=str(venues["banjarmasin"].pk)),
    )
    visit = VisitRequest.objects.get()
    with translation.override("en"):
        url = visit.get_absolute_url()

    text = text_of(client.get(url).content.decode())

    assert "Wednesday 9 December 2026, 09:00–11:00 WITA" in text
    assert "WIB" not in text


def test_the_submit_service_stores_the_venue_and_resubmit_may_change_it(
    institution_a, member_a, staff_user, venues
):
    start = datetime.datetime(2026, 12, 9, 9, tzinfo=WITA)
    data = {
        "venue": venues["banjarmasin"],
        "contact_name": "Nur Aisyah",
        "contact_email": "nur@poltekes.example",
        "purpose": "Belajar layanan perpustakaan digital.",
        "group_size": 12,
        "leaders_count": 2,
        "librarians_count": 10,
    }
    visit, created = submission.visit_request_submit(
        institution=institution_a,
        requester=member_a,
        idempotency_key=uuid.uuid4(),
        data=data,
        topics=[],
        slots=[(start, start + datetime.timedelta(hours=2))],
        request_letter=pdf_upload(),
    )
    visit.refresh_from_db()
    assert created
    assert visit.venue == venues["banjarmasin"]

    workflow.visit_request_request_changes(visit=visit, actor=staff_user, note="Tempat lain?")
    submission.visit_request_resubmit(
        visit=visit, actor=member_a, data={**data, "venue": venues["bandung"]}, topics=[], slots=[]
    )
    visit.refresh_from_db()
    assert (visit.state, visit.venue) == (VisitState.SUBMITTED, venues["bandung"])
