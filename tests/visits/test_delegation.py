"""The named delegation: the partner lists participants until the deadline,
staff print, export and mark attendance, and who came feeds the report, the
statistics, the agreement's evidence and each participant's certificate."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partners.selectors import report_rows
from portal import extensions
from portal.models import AuditEvent
from tests.factories.visits import ScheduledVisitFactory, VisitRequestFactory, wib
from tests.factories.visits_delegation import ParticipantFactory
from tests.factories.visits_reports import HeldVisitFactory, VisitReportFactory
from visits.choices import VisitState
from visits.models import Attendance, VisitParticipant
from visits.selectors import statistics
from visits.services import delegation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def _list(visit):
    return reverse("visits:participant-list", args=[visit.pk])


def _scheduled(institution, member, **fields):
    return ScheduledVisitFactory(institution=institution, requester=member, **fields)


# The partner's list --------------------------------------------------------------------


def test_partner_adds_a_participant_and_sees_the_deadline(signed_in_a, institution_a, member_a):
    visit = _scheduled(institution_a, member_a)
    response = signed_in_a.post(
        _list(visit),
        {"name": "  Nur   Aisyah ", "position": "Kepala Perpustakaan", "email": "NUR@Poltekes.ID"},
        follow=True,
    )
    assert "Nur Aisyah sudah masuk daftar." in response.text
    participant = VisitParticipant.objects.get()
    assert (participant.name, participant.position, participant.email) == (
        "Nur Aisyah",
        "Kepala Perpustakaan",
        "nur@poltekes.id",
    )
    assert participant.added_by == member_a
    # The deadline is said in words, in the venue's zone, three days before the visit.
    deadline = delegation.deadline_text(visit)
    assert deadline.endswith("09.00 WIB")
    assert f"Anda dapat mengubah daftar ini sampai {deadline} (3 hari sebelum kunjungan)." in (
        response.text
    )
    detail = signed_in_a.get(visit.get_absolute_url())
    assert "1 dari rombongan 10 orang yang diajukan sudah terdaftar." in detail.text


def test_the_list_stops_at_the_announced_group_size_and_keeps_what_was_typed(
    signed_in_a, institution_a, member_a
):
    visit = _scheduled(institution_a, member_a, group_size=2, leaders_count=1, librarians_count=1)
    ParticipantFactory.create_batch(2, request=visit)
    response = signed_in_a.post(
        _list(visit), {"name": "Orang Ketiga", "position": "Dosen", "email": "ketiga@x.id"}
    )
    assert response.status_code == 400
    assert "Permohonan Anda mengajukan rombongan 2 orang, dan 2 peserta sudah terdaftar." in (
        response.text
    )
    assert "kirim pesan kepada staf kerja sama untuk memperbesar rombongan" in response.text
    assert 'value="Orang Ketiga"' in response.text
    assert 'value="ketiga@x.id"' in response.text
    assert VisitParticipant.objects.filter(request=visit).count() == 2


def test_a_full_venue_is_named_in_the_refusal(institution_a, member_a):
    visit = _scheduled(institution_a, member_a, venue__max_group_size=10)
    ParticipantFactory.create_batch(10, request=visit)
    with pytest.raises(delegation.DelegationError) as error:
        delegation.participant_add(visit=visit, actor=member_a, data={"name": "Sebelas"})
    assert "menerima paling banyak 10 pengunjung sekaligus" in error.value.messages[0]


def test_a_name_is_required_and_nothing_is_lost(signed_in_a, institution_a, member_a):
    visit = _scheduled(institution_a, member_a)
    response = signed_in_a.post(_list(visit), {"name": "", "position": "Dosen Tamu"})
    assert response.status_code == 400
    assert 'value="Dosen Tamu"' in response.text
    assert not VisitParticipant.objects.exists()


def test_the_list_closes_days_before_the_visit(signed_in_a, institution_a, member_a, settings):
    soon = timezone.now() + datetime.timedelta(days=2)
    visit = _scheduled(
        institution_a,
        member_a,
        scheduled_start=soon,
        scheduled_end=soon + datetime.timedelta(hours=2),
    )
    participant = ParticipantFactory(request=visit, name="Sudah Terdaftar")
    page = signed_in_a.get(_list(visit))
    assert "Daftar peserta ditutup pada" in page.text
    assert "3 hari sebelum kunjungan" in page.text
    assert "Tambah peserta" not in page.text
    response = signed_in_a.post(_list(visit), {"name": "Terlambat"})
    assert response.status_code == 400
    assert 'value="Terlambat"' in response.text
    removed = signed_in_a.post(
        reverse("visits:participant-remove", args=[visit.pk, participant.pk]), follow=True
    )
    assert "Daftar peserta ditutup pada" in removed.text
    assert VisitParticipant.objects.filter(request=visit).count() == 1

    settings.VISITS_DELEGATION_EDIT_DAYS = 1
    signed_in_a.post(_list(visit), {"name": "Masih Sempat"})
    assert VisitParticipant.objects.filter(request=visit).count() == 2


def test_partner_may_list_before_the_visit_is_scheduled(signed_in_a, institution_a, member_a):
    visit = VisitRequestFactory(institution=institution_a, requester=member_a)
    page = signed_in_a.get(_list(visit))
    assert "setelah kunjungan dijadwalkan" in page.text
    signed_in_a.post(_list(visit), {"name": "Calon Peserta"})
    assert visit.participants.count() == 1


def test_a_cancelled_visit_keeps_its_list_closed(signed_in_a, institution_a, member_a):
    visit = VisitRequestFactory(
        institution=institution_a, requester=member_a, state=VisitState.CANCELLED
    )
    response = signed_in_a.post(_list(visit), {"name": "Siapa Saja"})
    assert "kunjungan berstatus “Dibatalkan”" in response.text
    assert not visit.participants.exists()


def test_partner_corrects_and_removes_a_participant(signed_in_a, institution_a, member_a):
    visit = _scheduled(institution_a, member_a)
    participant = ParticipantFactory(request=visit, name="Salah Ketik")
    edit = reverse("visits:participant-edit", args=[visit.pk, participant.pk])
    assert 'value="Salah Ketik"' in signed_in_a.get(edit).text
    response = signed_in_a.post(edit, {"name": "Benar Ketik", "position": "Dosen"}, follow=True)
    assert "Data peserta tersimpan." in response.text
    participant.refresh_from_db()
    assert (participant.name, participant.position, participant.email) == (
        "Benar Ketik",
        "Dosen",
        "",
    )
    response = signed_in_a.post(
        reverse("visits:participant-remove", args=[visit.pk, participant.pk]), follow=True
    )
    assert "Benar Ketik sudah dihapus dari daftar." in response.text
    assert not VisitParticipant.objects.exists()


def test_partner_page_reads_in_english(signed_in_a, institution_a, member_a):
    visit = _scheduled(institution_a, member_a)
    ParticipantFactory(request=visit, name="Nur Aisyah")
    page = signed_in_a.get("/en" + _list(visit))
    assert "1 of the announced group of 10 people listed." in page.text
    assert "You can change this list until" in page.text


# Isolation -----------------------------------------------------------------------------


def test_member_of_b_gets_404_on_every_delegation_url(client, member_b, institution_a):
    visit = HeldVisitFactory(institution=institution_a)
    participant = ParticipantFactory(request=visit, attendance=Attendance.PRESENT)
    client.force_login(member_b)
    for name, args in [
        ("participant-list", [visit.pk]),
        ("participant-edit", [visit.pk, participant.pk]),
        ("participant-certificate", [visit.pk, participant.pk]),
    ]:
        response = client.get(reverse(f"visits:{name}", args=args))
        assert response.status_code == 404, name
        assert participant.name not in response.text
    for name, args, data in [
        ("participant-list", [visit.pk], {"name": "Penyusup"}),
        ("participant-edit", [visit.pk, participant.pk], {"name": "Penyusup"}),
        ("participant-remove", [visit.pk, participant.pk], {}),
    ]:
        assert client.post(reverse(f"visits:{name}", args=args), data).status_code == 404
    participant.refresh_from_db()
    assert participant.name != "Penyusup"
    assert VisitParticipant.objects.count() == 1


def test_a_participant_of_another_visit_is_404(signed_in_a, institution_a, member_a):
    own = _scheduled(institution_a, member_a)
    stranger = ParticipantFactory()  # another institution's visit
    for name in ("participant-edit", "participant-certificate"):
        response = signed_in_a.get(reverse(f"visits:{name}", args=[own.pk, stranger.pk]))
        assert response.status_code == 404
    response = signed_in_a.post(reverse("visits:participant-remove", args=[own.pk, stranger.pk]))
    assert response.status_code == 404
    assert VisitParticipant.objects.filter(pk=stranger.pk).exists()


def test_partners_cannot_open_the_staff_screens(client, member_a, institution_a):
    visit = HeldVisitFactory(institution=institution_a)
    client.force_login(member_a)
    for name, args in [
        ("visit_delegation:print", [visit.pk]),
        ("visit_delegation:export", [visit.pk, "csv"]),
        ("visit_delegation:attendance", [visit.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code in (302, 403), name


# Staff: the list, printing, export -----------------------------------------------------


def test_staff_see_the_list_on_the_request_page(staff_client, institution_a, member_a):
    visit = _scheduled(institution_a, member_a)
    ParticipantFactory(request=visit, name="Nur Aisyah", position="Kepala Perpustakaan")
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    assert "Nur Aisyah" in page.text
    assert "1 dari rombongan 10 orang yang diajukan sudah didaftarkan mitra." in page.text
    assert "Cetak daftar" in page.text
    assert "Tandai kehadiran" not in page.text  # not before the visit's day


def test_print_sheet_lists_everyone_with_room_to_sign(staff_client, institution_a, member_a):
    visit = _scheduled(institution_a, member_a)
    ParticipantFactory(request=visit, name="Nur Aisyah")
    ParticipantFactory(request=visit, name="Rizky Pratama")
    page = staff_client.get(reverse("visit_delegation:print", args=[visit.pk]))
    assert page.status_code == 200
    assert "Peserta kunjungan studi" in page.text
    assert page.text.index("Nur Aisyah") < page.text.index("Rizky Pratama")
    assert "Tanda tangan" in page.text
    assert "Open Library Bandung" in page.text
    assert AuditEvent.objects.filter(action="visit_participants.print").count() == 1


def test_staff_list_query_count_does_not_grow(
    staff_client, institution_a, member_a, assert_query_count_stable
):
    visit = _scheduled(institution_a, member_a)
    ParticipantFactory(request=visit)

    def grow():
        ParticipantFactory.create_batch(8, request=visit, attendance=Attendance.PRESENT)

    for name in ("visit_delegation:print", "visit_delegation:attendance"):
        assert_query_count_stable(
            lambda name=name: staff_client.get(reverse(name, args=[visit.pk])), grow
        )
    assert_query_count_stable(
        lambda: staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])), grow
    )


def test_export_defuses_formulas_in_csv_and_xlsx(staff_client, institution_a, member_a):
    visit = HeldVisitFactory(institution=institution_a, requester=member_a)
    ParticipantFactory(
        request=visit, name='=HYPERLINK("http://x")', position="+Dosen", attendance="present"
    )
    csv = staff_client.get(reverse("visit_delegation:export", args=[visit.pk, "csv"]))
    assert csv["Content-Disposition"] == f'attachment; filename="peserta-{visit.reference}.csv"'
    text = csv.content.decode("utf-8-sig")
    assert '"1","\'=HYPERLINK(""http://x"")","\'+Dosen"' in text
    assert "Hadir" in text
    xlsx = staff_client.get(reverse("visit_delegation:export", args=[visit.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("No.", "Nama", "Jabatan", "Surel", "Kehadiran")
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert (
        staff_client.get(reverse("visit_delegation:export", args=[visit.pk, "pdf"])).status_code
        == 404
    )
    assert AuditEvent.objects.filter(action="export.visit_participants").count() == 2


# Attendance ----------------------------------------------------------------------------


def test_staff_mark_attendance_from_the_visit_day(staff_client, institution_a, member_a):
    visit = HeldVisitFactory(institution=institution_a, requester=member_a)
    came = ParticipantFactory(request=visit, name="Datang")
    away = ParticipantFactory(request=visit, name="Berhalangan")
    url = reverse("visit_delegation:attendance", args=[visit.pk])
    page = staff_client.get(url)
    assert "Hadir: 0 · ditandai: 0 dari 2" in page.text
    response = staff_client.post(
        url,
        {f"attendance-{came.pk}": "present", f"attendance-{away.pk}": "absent"},
        follow=True,
    )
    assert "Kehadiran tersimpan (2 berubah): 1 dari 2 hadir." in response.text
    came.refresh_from_db()
    away.refresh_from_db()
    assert (came.attendance, away.attendance) == (Attendance.PRESENT, Attendance.ABSENT)
    assert came.attendance_marked_by is not None
    inspect = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    assert "Hadir: 1 (kehadiran ditandai untuk 2 orang)." in inspect.text


def test_attendance_waits_for_the_visit_day(staff_client, staff_user, institution_a):
    visit = ScheduledVisitFactory(institution=institution_a)
    participant = ParticipantFactory(request=visit)
    url = reverse("visit_delegation:attendance", args=[visit.pk])
    assert "Kehadiran dapat ditandai mulai hari kunjungan" in staff_client.get(url).text
    response = staff_client.post(url, {f"attendance-{participant.pk}": "present"}, follow=True)
    assert "Kehadiran dapat ditandai mulai hari kunjungan" in response.text
    participant.refresh_from_db()
    assert participant.attendance == Attendance.UNMARKED


def test_a_partner_cannot_mark_attendance(member_a, institution_a):
    from django.core.exceptions import PermissionDenied

    visit = HeldVisitFactory(institution=institution_a)
    participant = ParticipantFactory(request=visit)
    with pytest.raises(PermissionDenied):
        delegation.attendance_mark(
            visit=visit, actor=member_a, marks={participant.pk: Attendance.PRESENT}
        )


def test_marks_for_another_visits_participants_are_ignored(staff_user, institution_a):
    visit = HeldVisitFactory(institution=institution_a)
    other = ParticipantFactory(request=HeldVisitFactory())
    changed = delegation.attendance_mark(
        visit=visit, actor=staff_user, marks={other.pk: Attendance.PRESENT}
    )
    other.refresh_from_db()
    assert (changed, other.attendance) == (0, Attendance.UNMARKED)


# Who came feeds the report, the statistics and the evidence ---------------------------


def _held_with_attendance(present, absent, **fields):
    visit = HeldVisitFactory(**fields)
    ParticipantFactory.create_batch(present, request=visit, attendance=Attendance.PRESENT)
    ParticipantFactory.create_batch(absent, request=visit, attendance=Attendance.ABSENT)
    return visit


def test_the_report_starts_from_who_came_and_names_them(staff_client, institution_a):
    visit = _held_with_attendance(3, 1, institution=institution_a, group_size=10)
    page = staff_client.get(reverse("visit_reports:record", args=[visit.pk]))
    assert 'name="attendance_count" value="3"' in page.text
    report = VisitReportFactory(request=visit, attendance_count=3)
    detail = staff_client.get(reverse("visit_reports:detail", args=[report.pk]))
    assert "3 dari 4 peserta terdaftar ditandai hadir saat kunjungan" in detail.text
    names = [p.name for p in visit.participants.filter(attendance=Attendance.PRESENT)]
    assert all(name in detail.text for name in names)
    absent = visit.participants.get(attendance=Attendance.ABSENT)
    assert absent.name not in detail.text


def test_statistics_count_who_came_where_marked():
    day = wib(datetime.date(2026, 3, 10))
    held = {"scheduled_start": day, "scheduled_end": day + datetime.timedelta(hours=2)}
    _held_with_attendance(4, 6, group_size=10, **held)  # marked: 4 came
    reported = HeldVisitFactory(group_size=10, state=VisitState.REPORTED, **held)
    VisitReportFactory(request=reported, attendance_count=7)  # report: 7
    HeldVisitFactory(group_size=10, **held)  # nothing marked: the 10 announced
    ParticipantFactory.create_batch(
        2, request=HeldVisitFactory(group_size=5, leaders_count=1, librarians_count=4, **held)
    )  # unmarked
    rows = {row["key"]: row for row in statistics.per_year()}
    assert rows[2026] == {"key": 2026, "label": "2026", "visits": 4, "visitors": 4 + 7 + 10 + 5}
    march = statistics.per_month(year=2026)[2]
    assert (march["visits"], march["visitors"]) == (4, 26)


def test_the_agreements_evidence_counts_who_came_and_says_so(institution_a):
    from tests.factories.partners import AgreementFactory

    agreement = AgreementFactory()
    agreement.partners.add(institution_a)
    marked = _held_with_attendance(5, 2, institution=institution_a, agreement=agreement)
    announced = HeldVisitFactory(
        institution=institution_a, agreement=agreement, group_size=9, leaders_count=1
    )
    activities = extensions.agreement_activities(agreement_ids={agreement.pk}, start=None, end=None)
    by_count = sorted((a.participants, str(a.participants_basis)) for a in activities)
    assert by_count == [
        (5, "ditandai hadir saat kunjungan"),
        (9, "jumlah rombongan yang diajukan"),
    ]
    rows = report_rows()
    assert sorted((row[6], row[8]) for row in rows if row[6] in (5, 9)) == by_count
    assert marked.group_size == 10 and announced.group_size == 9


# Certificates --------------------------------------------------------------------------


def _pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_certificate_of_a_present_participant_in_the_requests_language(
    signed_in_a, institution_a, member_a
):
    day = wib(datetime.date(2024, 3, 26))
    visit = HeldVisitFactory(
        institution=institution_a,
        requester=member_a,
        scheduled_start=day,
        scheduled_end=day + datetime.timedelta(hours=3),
    )
    came = ParticipantFactory(
        request=visit, name="Siti Nurhaliza", position="Dosen", attendance=Attendance.PRESENT
    )
    away = ParticipantFactory(request=visit, attendance=Attendance.ABSENT)
    response = signed_in_a.get(reverse("visits:participant-certificate", args=[visit.pk, came.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    text = _pdf_text(response)
    assert "SERTIFIKAT KEHADIRAN" in text
    assert "Siti Nurhaliza" in text
    assert "Poltekes Banjarmasin" in text
    assert "Selasa, 26 Maret 2024" in text
    assert "Open Library Bandung" in text
    assert visit.reference in text
    missing = signed_in_a.get(reverse("visits:participant-certificate", args=[visit.pk, away.pk]))
    assert missing.status_code == 404
    page = signed_in_a.get(_list(visit))
    assert reverse("visits:participant-certificate", args=[visit.pk, came.pk]) in page.text


def test_certificate_follows_the_requesters_language_for_staff_too(staff_client, institution_a):
    from tests.factories import UserFactory

    english = UserFactory(preferred_language="en")
    day = wib(datetime.date(2024, 3, 26))
    visit = HeldVisitFactory(
        institution=institution_a,
        requester=english,
        scheduled_start=day,
        scheduled_end=day + datetime.timedelta(hours=3),
    )
    came = ParticipantFactory(request=visit, name="Žofie Nováková", attendance="present")
    response = staff_client.get(reverse("visits:participant-certificate", args=[visit.pk, came.pk]))
    text = _pdf_text(response)
    assert "CERTIFICATE OF ATTENDANCE" in text
    assert "Tuesday 26 March 2024" in text
    assert "Žofie Nováková" in text


def test_partner_list_query_count_does_not_grow(
    signed_in_a, institution_a, member_a, assert_query_count_stable
):
    visit = _scheduled(institution_a, member_a)
    ParticipantFactory(request=visit)

    def grow():
        ParticipantFactory.create_batch(6, request=visit)

    assert_query_count_stable(lambda: signed_in_a.get(_list(visit)), grow)
    assert_query_count_stable(lambda: signed_in_a.get(visit.get_absolute_url()), grow)


def test_the_request_export_counts_who_came(staff_client):
    visit = _held_with_attendance(2, 1)
    response = staff_client.get(reverse("visit_export:index"), {"format": "csv"})
    row = next(
        line
        for line in response.content.decode("utf-8-sig").splitlines()
        if visit.reference in line
    )
    assert '"10","2","0","8","0","0","2"' in row
