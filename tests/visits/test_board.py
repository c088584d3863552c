"""The scheduling board in the admin (month and week, one venue or all) and
the free/busy state of a request's preferred times on its page."""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories.visits import (
    ClosedDateFactory,
    ScheduledVisitFactory,
    VenueFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from visits.choices import VisitState
from visits.models import PreferredSlot, VisitTransition
from visits.services.workflow import version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
BOARD = reverse("visit_board:index")


def _board(client, **query):
    return client.get(BOARD, query)


def _text(response):
    """The page's visible text, tags dropped and spaces squeezed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", text)


def test_month_of_a_venue_shows_visits_holds_closures_and_hours(staff_client, venue):
    day = weekday_after(21)
    visit = ScheduledVisitFactory(
        venue=venue,
        scheduled_start=wib(day, 9),
        scheduled_end=wib(day, 11),
        institution__name="Poltekes Banjarmasin",
    )
    waiting = VisitRequestFactory(
        venue=venue,
        state=VisitState.UNDER_REVIEW,
        institution__name="SMA Negeri 3 Bandung",
        slots=[(wib(day, 13), wib(day, 15))],
    )
    declined = VisitRequestFactory(
        venue=venue,
        state=VisitState.DECLINED,
        institution__name="Ditolak University",
        slots=[(wib(day, 13), wib(day, 15))],
    )
    closed = ClosedDateFactory(
        venue=venue, date=day + datetime.timedelta(days=1), reason="Stock opname"
    )
    response = _board(staff_client, venue=venue.pk, date=day.isoformat())
    text = _text(response)
    assert response.status_code == 200
    assert "Papan jadwal" in text
    assert "Poltekes Banjarmasin" in text and visit.reference in text
    assert "09.00–11.00 WIB" in text
    # The request under review is a tentative hold, said in words.
    assert (
        f"Sementara, pilihan 1 13.00–15.00 WIB SMA Negeri 3 Bandung · {waiting.reference}" in text
    )
    assert declined.reference not in text
    assert "Tutup (Stock opname)" in text
    assert closed.date.day
    assert "buka 08.00–16.00 WIB" in text
    content = response.content.decode()
    assert reverse("visit_requests:inspect", args=[visit.pk]) in content
    assert reverse("visit_requests:inspect", args=[waiting.pk]) in content
    assert 'class="board-entry is-tentative"' in content


def test_all_venues_show_each_time_in_its_venues_zone(staff_client, venue):
    makassar = VenueFactory(name="Perpustakaan Banjarmasin", time_zone="Asia/Makassar")
    day = weekday_after(21)
    ScheduledVisitFactory(
        venue=makassar,
        scheduled_start=datetime.datetime.combine(day, datetime.time(10), tzinfo=WITA),
        scheduled_end=datetime.datetime.combine(day, datetime.time(12), tzinfo=WITA),
    )
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 10), scheduled_end=wib(day, 12))
    text = _text(_board(staff_client, date=day.isoformat(), view="week"))
    assert "10.00–12.00 WITA" in text
    assert "10.00–12.00 WIB" in text
    assert "Perpustakaan Banjarmasin (waktu WITA)" in text
    assert "Open Library Telkom University (waktu WIB)" in text
    assert "Semua tempat" in text


def test_navigation_is_links_and_a_get_form(staff_client, venue):
    response = _board(staff_client, date="2027-03-10", venue=venue.pk)
    content = response.content.decode()
    assert "Maret 2027" in _text(response)
    assert f"view=month&amp;date=2027-02-01&amp;venue={venue.pk}" in content
    assert f"view=month&amp;date=2027-04-01&amp;venue={venue.pk}" in content
    assert f"view=week&amp;date=2027-03-10&amp;venue={venue.pk}" in content
    assert f'<form method="get" action="{BOARD}"' in content and 'name="venue"' in content
    week = _board(staff_client, date="2027-03-10", view="week")
    text = _text(week)
    assert "8 Maret 2027 – 14 Maret 2027" in text
    assert "view=week&amp;date=2027-03-03" in week.content.decode()
    assert "Minggu sebelumnya" in text and "Minggu berikutnya" in text


def test_december_leads_to_january_of_the_next_year(staff_client):
    content = _board(staff_client, date="2026-12-15").content.decode()
    assert "date=2027-01-01" in content and "date=2026-11-01" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date": "kemarin"}, "Tidak ada papan untuk “kemarin”"),
        ({"date": "1999-12-31"}, "Tidak ada papan untuk “1999-12-31”"),
        ({"venue": "999999"}, "Tidak ada tempat “999999”"),
        ({"venue": "semua"}, "Tidak ada tempat “semua”"),
    ],
)
def test_bad_input_says_so_and_leads_back(staff_client, query, message):
    response = _board(staff_client, **query)
    assert response.status_code == 404
    assert message in response.content.decode()
    assert "Tampilkan papan hari ini" in response.content.decode()


def test_the_board_in_english(staff_client, staff_user, venue):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "en"
    profile.save()
    day = weekday_after(21)
    VisitRequestFactory(venue=venue, slots=[(wib(day, 9), wib(day, 11))])
    text = _text(_board(staff_client, venue=venue.pk, date=day.isoformat()))
    assert "Scheduling board" in text
    assert "Tentative, choice 1 09:00–11:00 WIB" in text
    assert "Previous month" in text and "Today" in text


def test_partners_writers_and_strangers_do_not_see_the_board(client, member_a, venue):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    visit = ScheduledVisitFactory(venue=venue)
    writer = UserFactory(groups=[Group.objects.get(name="Writers")])
    for user in (None, member_a, writer):
        if user:
            client.force_login(user)
        response = client.get(BOARD, {"date": visit.scheduled_start.date().isoformat()})
        assert response.status_code in (302, 403)
        assert visit.reference not in response.content.decode()


def test_a_month_of_200_visits_takes_as_many_queries_as_one_of_20(staff_client, venue):
    """Scheduled visits and tentative holds: the count does not grow."""
    other = VenueFactory(name="Perpustakaan Banjarmasin", time_zone="Asia/Makassar")
    first = datetime.date(2027, 3, 1)
    visit = ScheduledVisitFactory(venue=venue)
    institution, requester = visit.institution, visit.requester

    def add(count, offset):
        for n in range(offset, offset + count):
            start = wib(first, 0) + datetime.timedelta(hours=3 * n)
            ScheduledVisitFactory(
                institution=institution,
                requester=requester,
                venue=venue if n % 2 else other,
                venue_place=1,
                scheduled_start=start,
                scheduled_end=start + datetime.timedelta(hours=2),
                slots=False,
                history=False,
            )
            waiting = VisitRequestFactory(
                institution=institution,
                requester=requester,
                venue=venue if n % 3 else None,
                state=VisitState.UNDER_REVIEW,
                slots=False,
                history=False,
            )
            PreferredSlot.objects.create(
                request=waiting, position=1, start=start, end=start + datetime.timedelta(hours=1)
            )

    def count(**query):
        _board(staff_client, **query)  # warm the session and permission caches
        with CaptureQueriesContext(connection) as queries:
            response = _board(staff_client, **query)
        assert response.status_code == 200
        return len(queries), response

    add(20, 0)
    few_all, _response = count(date=first.isoformat())
    few_venue, _response = count(date=first.isoformat(), venue=venue.pk)
    few_week, _response = count(date=first.isoformat(), view="week")
    add(180, 20)
    many_all, response = count(date=first.isoformat())
    many_venue, _response = count(date=first.isoformat(), venue=venue.pk)
    many_week, _response = count(date=first.isoformat(), view="week")
    assert response.content.decode().count('class="board-entry is-booked"') >= 200
    assert (many_all, many_venue, many_week) == (few_all, few_venue, few_week)
    assert VisitTransition.objects.count() >= 1


# Free or busy on the request's page ----------------------------------------


def _inspect(client, visit):
    return client.get(reverse("visit_requests:inspect", args=[visit.pk]))


def test_each_preferred_time_is_free_busy_or_impossible(staff_client, venue):
    day = weekday_after(21)
    holiday = weekday_after(28)
    ClosedDateFactory(venue=None, date=holiday, reason="Hari Raya")
    other = ScheduledVisitFactory(
        venue=venue,
        scheduled_start=wib(day, 9),
        scheduled_end=wib(day, 11),
        institution__name="Perpustakaan Kota Lain",
    )
    visit = VisitRequestFactory(
        venue=venue,
        slots=[
            (wib(day, 10), wib(day, 12)),
            (wib(day, 13), wib(day, 15)),
            (wib(holiday, 9), wib(holiday, 11)),
        ],
    )
    response = _inspect(staff_client, visit)
    text = _text(response)
    content = response.content.decode()
    assert f"Terisi : bertabrakan dengan {other.reference} · Perpustakaan Kota Lain" in text
    assert reverse("visit_requests:inspect", args=[other.pk]) in content
    assert "Bebas Jadwalkan pilihan 2" in text
    assert "Jadwalkan pilihan 1" not in text and "Jadwalkan pilihan 3" not in text
    assert "Tidak mungkin" in text and "Hari Raya" in text


def test_a_free_time_is_scheduled_in_one_action(staff_client, staff_user, venue, mailoutbox):
    day = weekday_after(21)
    visit = VisitRequestFactory(venue=venue, slots=[(wib(day, 13), wib(day, 15))])
    content = _inspect(staff_client, visit).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" class="w-mt-2">(.*?)</form>', content, re.S
    )
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    assert data["schedule-date"] == day.isoformat()
    assert (data["schedule-start"], data["schedule-end"]) == ("13:00", "15:00")
    response = staff_client.post(form.group(1), data, follow=True)
    visit.refresh_from_db()
    assert visit.state == VisitState.SCHEDULED
    assert visit.scheduled_start == wib(day, 13)
    assert visit.host_staff == staff_user
    assert f"{visit.reference} kini berstatus “Terjadwal”" in _text(response)


def test_a_time_taken_meanwhile_is_refused_by_the_service(staff_client, venue):
    day = weekday_after(21)
    visit = VisitRequestFactory(venue=venue, slots=[(wib(day, 13), wib(day, 15))])
    content = _inspect(staff_client, visit).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" class="w-mt-2">(.*?)</form>', content, re.S
    )
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    rival = ScheduledVisitFactory(
        venue=venue, scheduled_start=wib(day, 14), scheduled_end=wib(day, 16)
    )
    response = staff_client.post(form.group(1), data, follow=True)
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED
    assert f"bertabrakan dengan kunjungan {rival.reference}" in _text(response)


def test_a_wita_venue_schedules_in_its_own_zone(staff_client):
    makassar = VenueFactory(name="Perpustakaan Banjarmasin", time_zone="Asia/Makassar")
    day = weekday_after(21)
    start = datetime.datetime.combine(day, datetime.time(9), tzinfo=WITA)
    visit = VisitRequestFactory(
        venue=makassar, slots=[(start, start + datetime.timedelta(hours=2))]
    )
    response = _inspect(staff_client, visit)
    assert "09.00–11.00 WITA" in _text(response)
    content = response.content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)" class="w-mt-2">(.*?)</form>', content, re.S
    )
    data = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    staff_client.post(form.group(1), data)
    visit.refresh_from_db()
    assert visit.scheduled_start == start


def test_no_free_busy_once_scheduled_and_no_button_for_viewers(client, venue):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    visit = ScheduledVisitFactory(venue=venue)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_visitrequest"),
        Permission.objects.get(codename="access_admin"),
    )
    day = weekday_after(21)
    waiting = VisitRequestFactory(venue=venue, slots=[(wib(day, 13), wib(day, 15))])
    client.force_login(viewer)
    text = _text(_inspect(client, waiting))
    assert "Bebas" in text and "Jadwalkan pilihan 1" not in text
    assert (
        "Bebas"
        not in _text(_inspect(client, visit)).split("Waktu pilihan")[1].split("Ditangani")[0]
    )
    assert version(visit)
