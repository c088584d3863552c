"""The staff request queue and forms: stale pages, rows, prefilled forms, the agenda."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.visits import (
    ScheduledVisitFactory,
    VenueFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from visits.choices import VisitState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def test_an_action_from_a_page_gone_stale_is_refused_and_the_note_kept(
    staff_client, staff_user, venue
):
    import re

    visit = VisitRequestFactory()
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])).text
    seen = re.search(r'name="decline-seen" value="([^"]+)"', page).group(1)

    # A colleague schedules the visit meanwhile.
    day = weekday_after(21)
    staff_client.post(
        reverse("visit_requests:action", args=[visit.pk, "schedule"]),
        {
            "schedule-seen": seen,
            "schedule-venue": venue.pk,
            "schedule-date": day.isoformat(),
            "schedule-start": "09:00",
            "schedule-end": "11:00",
            "schedule-note": "",
        },
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.SCHEDULED

    # The first page's "Decline" is now stale: nothing happens, and it says so.
    response = staff_client.post(
        reverse("visit_requests:action", args=[visit.pk, "decline"]),
        {"decline-seen": seen, "decline-note": "Jadwal kami penuh bulan itu."},
        follow=True,
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.SCHEDULED
    assert "sudah diubah" in response.text or "changed this request" in response.text
    assert "Jadwal kami penuh bulan itu." in response.text


def test_every_row_of_the_queue_opens_its_request_and_dates_are_absolute(
    staff_client, time_machine
):
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    time_machine.move_to(datetime.datetime(2026, 11, 18, 10, tzinfo=wita), tick=False)
    banjarmasin = VenueFactory(name="Perpustakaan Banjarmasin", time_zone="Asia/Makassar")
    scheduled = ScheduledVisitFactory(
        venue=banjarmasin,
        scheduled_start=datetime.datetime(2026, 12, 9, 9, tzinfo=wita),
        scheduled_end=datetime.datetime(2026, 12, 9, 11, tzinfo=wita),
    )
    waiting = VisitRequestFactory(venue=banjarmasin)

    content = staff_client.get(reverse("visit_requests:index")).content.decode()

    listing = content.split('<table class="listing', 1)[1]
    body = listing.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr\b.*?</tr>", body, flags=re.S)
    assert len(rows) == 2
    for visit in (scheduled, waiting):
        url = reverse("visit_requests:inspect", args=[visit.pk])
        [row] = [row for row in rows if visit.reference in row]
        assert re.search(rf'<a [^>]*href="{re.escape(url)}"[^>]*>\s*{visit.reference}\s*</a>', row)
    [row] = [row for row in rows if scheduled.reference in row]
    text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    assert "Rabu, 9 Desember 2026, 09.00–11.00 WITA" in text
    assert "Rabu, 18 November 2026, 10.00 WITA" in text  # submitted
    assert "yang lalu" not in body
    assert "lagi" not in text


def _input_values(html, prefix):
    return {
        name: re.search(rf'name="{prefix}-{name}"[^>]*value="([^"]*)"', html).group(1)
        for name in ("date", "start", "end")
    }


@pytest.mark.parametrize(
    ("language", "button"), [("id", "Setujui dan jadwalkan"), ("en", "Approve and schedule")]
)
def test_schedule_form_is_prefilled_with_iso_values_from_the_first_slot(
    staff_client, staff_user, venue, language, button
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()
    day = weekday_after(21)
    visit = VisitRequestFactory(
        venue=venue, slots=[(wib(day, 9, 30), wib(day, 11)), (wib(day, 13), wib(day, 15))]
    )
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])).text
    assert button in page
    assert _input_values(page, "schedule") == {
        "date": day.isoformat(),
        "start": "09:30",
        "end": "11:00",
    }


def test_schedule_form_shows_the_first_slot_in_the_venues_own_zone(staff_client):
    from tests.factories.visits import VenueFactory

    jayapura = VenueFactory(name="Perpustakaan Jayapura", time_zone="Asia/Jayapura")
    day = weekday_after(21)
    visit = VisitRequestFactory(venue=jayapura, slots=[(wib(day, 9), wib(day, 11))])
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])).text
    assert _input_values(page, "schedule") == {
        "date": day.isoformat(),
        "start": "11:00",
        "end": "13:00",
    }


@pytest.mark.parametrize("seen", [None, "", "kemarin", "2026-13-45T99:00:00"])
def test_an_action_without_a_valid_version_is_refused_and_changes_nothing(
    staff_client, seen, django_capture_on_commit_callbacks
):
    from django.core import mail

    visit = VisitRequestFactory()
    data = {"decline-note": "Jadwal kami penuh bulan itu."}
    if seen is not None:
        data["decline-seen"] = seen
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("visit_requests:action", args=[visit.pk, "decline"]), data, follow=True
        )
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED
    assert visit.transitions.count() == 1
    assert mail.outbox == []
    assert "Tidak ada yang dilakukan: muat ulang halaman" in response.text
    assert "Jadwal kami penuh bulan itu." in response.text  # the note is not lost


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1999-12-31", "2024-13-40", "x"])
def test_agenda_outside_its_years_says_so_and_leads_back(staff_client, value):
    response = staff_client.get(reverse("visit_agenda:index"), {"from": value})
    assert response.status_code == 404
    assert f"Tidak ada agenda untuk “{value}”" in response.text
    assert "Tampilkan minggu ini" in response.text


def test_agenda_survives_a_visit_stored_at_the_end_of_time(staff_client, venue):
    import datetime

    end_of_time = datetime.datetime(9999, 12, 31, 20, tzinfo=datetime.UTC)
    ScheduledVisitFactory(
        venue=venue,
        scheduled_start=end_of_time,
        scheduled_end=end_of_time + datetime.timedelta(hours=2),
    )
    normal = ScheduledVisitFactory(venue=venue)
    day = timezone.localtime(normal.scheduled_start).date()
    assert staff_client.get(reverse("visit_agenda:index")).status_code == 200
    near = staff_client.get(reverse("visit_agenda:index"), {"from": day.isoformat()})
    assert normal.institution.display_name in near.text
    last_page = staff_client.get(reverse("visit_agenda:index"), {"from": "2100-12-31"})
    assert last_page.status_code == 200
    assert "Berikutnya" not in last_page.text and "Later" not in last_page.text
