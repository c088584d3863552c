import datetime
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.factories.visits import (
    ScheduledVisitFactory,
    VenueFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from visits.admin_forms import version
from visits.choices import VisitState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


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


def test_double_booking_from_the_admin_shows_a_message(staff_client, venue):
    day = weekday_after(21)
    from tests.factories.visits import wib

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


def test_admin_never_creates_a_request(staff_client):
    response = staff_client.get(reverse("visit_requests:add"))
    assert response.status_code == 302  # Wagtail turns "permission denied" into a redirect
    assert response["Location"] == reverse("wagtailadmin_home")


def test_unknown_action_is_404(staff_client):
    visit = VisitRequestFactory()
    url = reverse("visit_requests:action", args=[visit.pk, "teleport"])
    assert staff_client.post(url).status_code == 404


def test_bad_agenda_date_is_404(staff_client):
    assert (
        staff_client.get(reverse("visit_agenda:index"), {"from": "2024-13-40"}).status_code == 404
    )


def test_writer_without_visit_permission_cannot_act(client):
    writer = UserFactory(groups=[Group.objects.get(name="Writers")])
    visit = VisitRequestFactory()
    client.force_login(writer)
    response = client.post(
        reverse("visit_requests:action", args=[visit.pk, "decline"]), {"decline-note": "x"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_partner_member_cannot_reach_the_admin_actions(client, member_a):
    visit = VisitRequestFactory()
    client.force_login(member_a)
    response = client.post(
        reverse("visit_requests:action", args=[visit.pk, "decline"]), {"decline-note": "x"}
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_staff_download_the_letter_and_views_are_audited(staff_client):
    from portal.models import AuditEvent

    visit = VisitRequestFactory()
    staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    response = staff_client.get(reverse("visits:request-letter", args=[visit.pk]))
    assert response.status_code == 200
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "visit_letter.download",
        "visit_request.view",
    ]


def test_the_request_page_leads_to_recording_and_then_to_the_report(staff_client, staff_user):
    from tests.factories.visits_reports import HeldVisitFactory

    visit = HeldVisitFactory()
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    record_url = reverse("visit_reports:record", args=[visit.pk])
    assert f'href="{record_url}"' in page.text
    assert "Mark as reported" not in page.text

    staff_client.post(
        record_url,
        {
            "summary": "Rombongan belajar layanan digital.",
            "attendance_count": "11",
            "participants_note": "",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000",
        },
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.REPORTED
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    report_url = reverse("visit_reports:detail", args=[visit.report.pk])
    assert f'href="{report_url}"' in page.text


def test_a_viewer_without_review_rights_sees_no_record_link(client):
    from django.contrib.auth.models import Permission

    from tests.factories.visits_reports import HeldVisitFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_visitrequest"),
    )
    client.force_login(viewer)
    visit = HeldVisitFactory()
    page = client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    assert page.status_code == 200
    assert reverse("visit_reports:record", args=[visit.pk]) not in page.text


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
