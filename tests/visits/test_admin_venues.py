import pytest
from django.urls import reverse

from tests.factories.visits import ClosedDateFactory
from visits.models import Venue

pytestmark = pytest.mark.django_db


def venue_post(**changes):
    """What the venue form posts: one opening period, no buffers, limits or quota."""
    data = {
        "name": "Ruang Baca Lantai 2",
        "address": "Bandung",
        "time_zone": "Asia/Jakarta",
        "max_group_size": "30",
        "concurrent_visits": "2",
        "default_duration": "02:00:00",
        "min_lead_days": "7",
        "max_ahead_days": "90",
        "setup_minutes": "0",
        "teardown_minutes": "0",
        "min_duration": "",
        "max_duration": "",
        "quota_visits": "",
        "quota_period": "semester",
        "is_active": "on",
        "opening_hours-TOTAL_FORMS": "1",
        "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-MIN_NUM_FORMS": "0",
        "opening_hours-MAX_NUM_FORMS": "1000",
        "opening_hours-0-weekday": "1",
        "opening_hours-0-opens": "08:00",
        "opening_hours-0-closes": "15:00",
        "opening_hours-0-ORDER": "1",
        "opening_hours-0-id": "",
        "opening_hours-0-DELETE": "",
    }
    data.update(changes)
    return data


def test_cooperation_staff_create_a_venue_with_opening_hours(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("visit_venues:add"), venue_post())
    assert response.status_code == 302
    venue = Venue.objects.get(name="Ruang Baca Lantai 2")
    assert venue.concurrent_visits == 2
    assert [
        (h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in venue.opening_hours.all()
    ] == [(1, "08:00", "15:00")]


def test_staff_open_the_venue_edit_form(client, staff_user, venue):
    client.force_login(staff_user)
    response = client.get(reverse("visit_venues:edit", args=[venue.pk]))
    assert response.status_code == 200
    assert b"Open Library Telkom University" in response.content


def test_staff_list_closed_dates(client, staff_user, venue):
    ClosedDateFactory(venue=None, reason="Idulfitri")
    client.force_login(staff_user)
    response = client.get(reverse("visit_closed_dates:index"))
    assert response.status_code == 200
    assert "Idulfitri" in response.content.decode()


def test_partner_member_cannot_open_venue_admin(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("visit_venues:index"))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_the_venue_page_gives_the_usual_length_in_hours(client, staff_user, venue):
    client.force_login(staff_user)
    content = client.get(reverse("visit_venues:inspect", args=[venue.pk])).content.decode()
    assert "2 jam" in content
    assert "2:00:00" not in content
