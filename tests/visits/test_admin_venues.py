import pytest
from django.urls import reverse

from tests.factories import UserFactory
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


def test_an_administrator_sets_every_venue_rule_in_the_admin(client, staff_user):
    client.force_login(UserFactory(is_superuser=True))
    form = client.get(reverse("visit_venues:add")).text
    for label in (
        "Waktu persiapan (menit)",
        "Waktu beres-beres (menit)",
        "Kunjungan terpendek",
        "Kunjungan terpanjang",
        "Kunjungan per institusi",
        "Periode kuota",
        "Pemberi persetujuan",
        "Semester mengikuti tahun akademik",
    ):
        assert label in form, label
    response = client.post(
        reverse("visit_venues:add"),
        venue_post(
            name="Ruang Baca Makassar",
            time_zone="Asia/Makassar",
            setup_minutes="30",
            teardown_minutes="15",
            min_duration="01:00:00",
            max_duration="03:00:00",
            quota_visits="2",
            quota_period="semester",
            approvers=[str(staff_user.pk)],
        ),
    )
    assert response.status_code == 302
    venue = Venue.objects.get(name="Ruang Baca Makassar")
    assert (venue.setup_minutes, venue.teardown_minutes, venue.quota_visits) == (30, 15, 2)
    assert list(venue.approvers.all()) == [staff_user]
    page = client.get(reverse("visit_venues:inspect", args=[venue.pk])).text
    for text in (
        "30 menit",
        "15 menit",
        "2 kunjungan per semester",
        "1 jam",
        "3 jam",
        "Dewi Kartika",
    ):
        assert text in page, text


def test_a_longest_visit_below_the_shortest_is_refused_and_nothing_is_lost(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("visit_venues:add"),
        venue_post(
            name="Ruang Baca Sementara",
            address="Jl. Sudah Diketik No. 7",
            min_duration="03:00:00",
            max_duration="01:00:00",
            default_duration="02:00:00",
        ),
    )
    assert response.status_code == 200
    assert "Kunjungan terpanjang tidak boleh lebih singkat" in response.text
    assert "Jl. Sudah Diketik No. 7" in response.text
    assert not Venue.objects.filter(name="Ruang Baca Sementara").exists()


def test_only_staff_and_staff_groups_are_offered_as_approvers(client, staff_user, member_a):
    client.force_login(staff_user)
    form = client.get(reverse("visit_venues:add")).text
    assert "Dewi Kartika" in form
    assert member_a.full_name not in form
    assert "Cooperation staff" in form
    assert "Editors" not in form


def test_staff_cannot_name_themselves_approvers_of_a_venue(client, staff_user, venue):
    approver = UserFactory(full_name="Andi Rahman", groups=list(staff_user.groups.all()))
    venue.approvers.add(approver)
    client.force_login(staff_user)
    form = client.get(reverse("visit_venues:edit", args=[venue.pk])).text
    assert "Hanya administrator atau pemberi persetujuan tempat ini" in form
    data = venue_post(name=venue.name, approvers=[str(staff_user.pk)])
    data["opening_hours-TOTAL_FORMS"] = "0"
    response = client.post(reverse("visit_venues:edit", args=[venue.pk]), data)
    assert response.status_code == 302
    assert list(venue.approvers.all()) == [approver]
    # The venue's own approver may add a colleague.
    client.force_login(approver)
    client.post(
        reverse("visit_venues:edit", args=[venue.pk]),
        {**data, "approvers": [str(approver.pk), str(staff_user.pk)]},
    )
    assert set(venue.approvers.all()) == {approver, staff_user}
