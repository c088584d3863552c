import pytest
from django.urls import reverse

from tests.factories.visits import (
    ScheduledVisitFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from visits.choices import VisitState
from visits.services.workflow import version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def test_list_filters_by_state_and_institution(staff_client, institution_a, institution_b):
    mine = VisitRequestFactory(institution=institution_a)
    ScheduledVisitFactory(institution=institution_b)
    response = staff_client.get(
        reverse("visit_requests:index"), {"state": "submitted", "institution": institution_a.pk}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert mine.reference in content
    assert "Perpustakaan Kota Lain" not in content.split("<tbody")[-1]


def test_list_search_by_contact_name(staff_client):
    wanted = VisitRequestFactory(contact_name="Siti Rahmawati")
    other = VisitRequestFactory(contact_name="Budi")
    content = staff_client.get(reverse("visit_requests:index"), {"q": "Rahmawati"}).content.decode()
    assert wanted.reference in content
    assert other.reference not in content


def test_admin_list_query_count_does_not_grow(staff_client, assert_query_count_stable):
    def grow():
        for _ in range(8):
            ScheduledVisitFactory()

    VisitRequestFactory()
    assert_query_count_stable(lambda: staff_client.get(reverse("visit_requests:index")), grow)


def test_staff_schedule_from_the_inspect_page(staff_client, staff_user, venue):
    visit = VisitRequestFactory()
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    content = page.content.decode()
    assert "Setujui dan jadwalkan" in content
    assert "Tolak" in content
    day = weekday_after(21)
    response = staff_client.post(
        reverse("visit_requests:action", args=[visit.pk, "schedule"]),
        {
            "schedule-seen": version(visit),
            "schedule-venue": venue.pk,
            "schedule-date": day.isoformat(),
            "schedule-start": "09:00",
            "schedule-end": "11:00",
            "schedule-host_staff": staff_user.pk,
            "schedule-note": "Sampai jumpa.",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.state == VisitState.SCHEDULED
    assert visit.host_staff == staff_user
    agenda = staff_client.get(reverse("visit_agenda:index"), {"from": day.isoformat()})
    assert visit.institution.display_name in agenda.content.decode()


def test_a_requests_page_reads_the_staff_and_venue_lists_once(staff_client, staff_user, venue):
    """The schedule form (host) and the assign form (handler) both offer the
    staff who may host, and the schedule form the venues: each list is read
    once for the page, and the venue offered is the first of them."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory
    from tests.factories.visits import VenueFactory

    UserFactory(full_name="Rina Handayani", groups=[Group.objects.get(name="Cooperation staff")])
    VenueFactory(name="Ruang Baca Anak")
    visit = VisitRequestFactory()
    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])).content.decode()
    assert html.count(">Rina Handayani</option>") == 2  # host, and assign to
    assert f'<option value="{venue.pk}" selected>Open Library Telkom University</option>' in html
    assert ">Ruang Baca Anak</option>" in html
    staff_reads = [q for q in queries if q["sql"].startswith('SELECT DISTINCT "portal_user"')]
    venue_reads = [q for q in queries if q["sql"].startswith('SELECT "visits_venue"."id"')]
    assert (len(staff_reads), len(venue_reads)) == (1, 1)


def test_double_booking_from_the_admin_shows_a_message(staff_client, venue):
    day = weekday_after(21)

    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 9), scheduled_end=wib(day, 11))
    visit = VisitRequestFactory()
    response = staff_client.post(
        reverse("visit_requests:action", args=[visit.pk, "schedule"]),
        {
            "schedule-seen": version(visit),
            "schedule-venue": venue.pk,
            "schedule-date": day.isoformat(),
            "schedule-start": "10:00",
            "schedule-end": "12:00",
        },
        follow=True,
    )
    assert "sudah penuh" in response.content.decode()
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_decline_needs_a_reason(staff_client):
    visit = VisitRequestFactory()
    staff_client.post(
        reverse("visit_requests:action", args=[visit.pk, "decline"]),
        {"decline-seen": version(visit)},
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED
    staff_client.post(
        reverse("visit_requests:action", args=[visit.pk, "decline"]),
        {"decline-seen": version(visit), "decline-note": "Jadwal penuh sampai akhir tahun."},
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.DECLINED


def test_staff_reply_reaches_the_thread(staff_client):
    visit = VisitRequestFactory()
    staff_client.post(reverse("visit_requests:reply", args=[visit.pk]), {"body": "Siap."})
    assert [(m.body, m.from_staff) for m in visit.messages.all()] == [("Siap.", True)]


def test_admin_add_is_booking_on_behalf(staff_client):
    """The admin creates a request only as staff recording it for a partner
    (tests/visits/test_record_for_partner.py)."""
    response = staff_client.get(reverse("visit_requests:add"))
    assert response.status_code == 200
    assert 'name="privacy_consent"' not in response.text


def test_unknown_action_is_404(staff_client):
    visit = VisitRequestFactory()
    url = reverse("visit_requests:action", args=[visit.pk, "teleport"])
    assert staff_client.post(url).status_code == 404


def test_bad_agenda_date_is_404(staff_client):
    assert (
        staff_client.get(reverse("visit_agenda:index"), {"from": "2024-13-40"}).status_code == 404
    )


@pytest.mark.parametrize(
    ("day", "text"),
    [("9999-12-31", "terlalu jauh"), ("2001-01-02", "sudah lewat"), ("0001-01-01", "sudah lewat")],
)
def test_staff_cannot_schedule_a_visit_years_away_or_in_the_past(staff_client, venue, day, text):
    visit = VisitRequestFactory()
    response = staff_client.post(
        reverse("visit_requests:action", args=[visit.pk, "schedule"]),
        {
            "schedule-seen": version(visit),
            "schedule-venue": venue.pk,
            "schedule-date": day,
            "schedule-start": "09:00",
            "schedule-end": "11:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert text in response.text
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED
    assert visit.scheduled_start is None
