import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.contrib.auth.models import Group

from portal import spreadsheets as exports
from portal.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.partners import InstitutionFactory
from tests.factories.visits import (
    ScheduledVisitFactory,
    TopicFactory,
    VenueFactory,
    VisitRequestFactory,
    wib,
)
from tests.factories.visits_reports import VisitFeedbackFactory, VisitReportFactory
from visits.choices import VisitState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

EXPORT_URL = "/admin/visit_export/"
DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+2", "-3", "@SUM(A1)", "\t=1", "\r=1"]


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.parametrize("value", DANGEROUS)
def test_spreadsheet_cell_prefixes_formula_starts(value):
    assert exports.spreadsheet_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Poltekes", "", "a=b", "12"])
def test_spreadsheet_cell_leaves_plain_text(value):
    assert exports.spreadsheet_cell(value) == value


def test_spreadsheet_cell_keeps_numbers():
    assert exports.spreadsheet_cell(-3) == -3
    assert exports.spreadsheet_cell(None) == ""


def test_export_page_counts_matching_requests(staff_client):
    VisitRequestFactory()
    VisitRequestFactory(state=VisitState.DECLINED)

    response = staff_client.get(EXPORT_URL, {"state": "declined"})

    assert response.status_code == 200
    assert response.context["count"] == 1
    assert "1 permohonan cocok" in response.content.decode()


def test_export_filter_dates_are_date_pickers_that_keep_the_chosen_day(staff_client):
    response = staff_client.get(EXPORT_URL, {"visit_from": "2026-12-01"})

    assert '<input type="date" name="visit_from" value="2026-12-01"' in response.text


def test_csv_export_escapes_formulas_and_is_audited(staff_client, staff_user):
    institution = InstitutionFactory(name='=HYPERLINK("http://evil.example","klik")')
    VisitRequestFactory(
        institution=institution,
        contact_name="@SUM(1+1)",
        purpose="+62 belajar",
        other_topics="\t=1",
        contact_phone="-1",
    )

    response = staff_client.get(EXPORT_URL, {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="visit-requests-')
    header, row = _csv_rows(response)
    assert header[:3] == ["Nomor", "Institusi", "Jenis institusi"]
    values = dict(zip(header, row, strict=True))
    assert values["Institusi"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert values["Narahubung"] == "'@SUM(1+1)"
    assert values["Tujuan"] == "'+62 belajar"
    assert values["Topik lain"] == "'\t=1"
    assert values["Telepon narahubung"] == "'-1"
    raw = response.content.decode("utf-8-sig")
    assert raw.startswith('"Nomor","Institusi"')  # every field quoted
    event = AuditEvent.objects.get(action="export.visitrequest")
    assert event.actor == staff_user
    assert (event.details["format"], event.details["rows"]) == ("csv", 1)


def test_xlsx_export_escapes_formulas_and_keeps_numbers(staff_client):
    VisitRequestFactory(contact_name="=1+1", group_size=10)

    response = staff_client.get(EXPORT_URL, {"format": "xlsx"})

    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Narahubung"].value == "'=1+1"
    assert row["Narahubung"].data_type == "s"
    assert row["Jumlah peserta"].value == 10
    assert AuditEvent.objects.get(action="export.visitrequest").details["format"] == "xlsx"


def test_export_filters_by_state_dates_institution_and_venue(staff_client):
    venue = VenueFactory()
    institution = InstitutionFactory()
    wanted = ScheduledVisitFactory(
        institution=institution, venue=venue, scheduled_start=wib(datetime.date(2030, 3, 5), 9)
    )
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(datetime.date(2030, 3, 6), 9))
    ScheduledVisitFactory(
        institution=institution, scheduled_start=wib(datetime.date(2030, 3, 7), 9)
    )
    ScheduledVisitFactory(
        institution=institution, venue=venue, scheduled_start=wib(datetime.date(2030, 4, 1), 9)
    )
    VisitRequestFactory(institution=institution)

    response = staff_client.get(
        EXPORT_URL,
        {
            "format": "csv",
            "state": "scheduled",
            "visit_from": "2030-03-01",
            "visit_to": "2030-03-31",
            "institution": institution.pk,
            "venue": venue.pk,
        },
    )

    rows = _csv_rows(response)[1:]
    assert [row[0] for row in rows] == [wanted.reference]
    event = AuditEvent.objects.get(action="export.visitrequest")
    assert event.details["filters"]["state"] == "scheduled"
    assert event.details["filters"]["visit_from"] == "2030-03-01"


@pytest.mark.parametrize(
    "params",
    [
        {"visit_from": "kemarin"},
        {"state": "approved"},
        {"institution": "abc"},
        {"venue": "999999"},
        {"submitted_from": "2030-02-01", "submitted_to": "2030-01-01"},
    ],
)
def test_export_bad_filters_give_form_errors_not_a_file(staff_client, params):
    VisitRequestFactory()

    response = staff_client.get(EXPORT_URL, {**params, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors
    assert not AuditEvent.objects.exists()


def test_export_unknown_format_gives_message(staff_client):
    response = staff_client.get(EXPORT_URL, {"format": "pdf"})
    assert response.status_code == 200
    assert "Pilih CSV atau XLSX." in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_export_row_has_attendance_topics_and_rating(staff_client):
    report = VisitReportFactory(attendance_count=23)
    report.request.topics.set([TopicFactory(name_id="Literasi kesehatan")])
    VisitFeedbackFactory(request=report.request, rating=4)

    response = staff_client.get(EXPORT_URL, {"format": "csv"})

    header, row = _csv_rows(response)
    values = dict(zip(header, row, strict=True))
    assert values["Pengunjung yang hadir"] == "23"
    assert values["Topik"] == "Literasi kesehatan"
    assert values["Nilai umpan balik"] == "4"
    assert values["Status"] == "Dilaporkan"


def test_export_query_count_does_not_grow(staff_client, assert_query_count_stable):
    def grow():
        for _ in range(6):
            report = VisitReportFactory()
            report.request.topics.set([topic])
            VisitFeedbackFactory(request=report.request)
            VisitRequestFactory()

    topic = TopicFactory()
    VisitReportFactory().request.topics.set([topic])
    assert_query_count_stable(lambda: staff_client.get(EXPORT_URL, {"format": "xlsx"}), grow)


def test_export_denied_to_partners_and_writers(client):
    VisitRequestFactory()
    for user in (UserFactory(), UserFactory(groups=[Group.objects.get(name="Writers")])):
        client.force_login(user)
        assert client.get(EXPORT_URL, {"format": "csv"}).status_code in (302, 403)
    assert not AuditEvent.objects.exists()


def test_formula_safe_mixin_escapes_wagtail_exports():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from portal.audit import AuditedSpreadsheetViewMixin

    class View(AuditedSpreadsheetViewMixin, SpreadsheetExportMixin):
        list_export = ["name"]

    view = View()
    assert view.preprocess_field_value("name", "=1+1", "csv") == "'=1+1"
    assert view.preprocess_field_value("name", "Poltekes", "csv") == "Poltekes"


def test_phone_numbers_export_without_an_apostrophe_formulas_keep_it(staff_client):
    VisitRequestFactory(contact_phone="+62 812 3456 7890", contact_name="=1+1")

    csv_values = dict(zip(*_csv_rows(staff_client.get(EXPORT_URL, {"format": "csv"})), strict=True))
    workbook = openpyxl.load_workbook(
        io.BytesIO(staff_client.get(EXPORT_URL, {"format": "xlsx"}).content)
    )
    header = [cell.value for cell in workbook.active[1]]
    xlsx_cells = dict(zip(header, workbook.active[2], strict=True))

    assert csv_values["Telepon narahubung"] == "+62 812 3456 7890"
    assert csv_values["Narahubung"] == "'=1+1"
    phone = xlsx_cells["Telepon narahubung"]
    assert (phone.value, phone.data_type) == ("+62 812 3456 7890", "s")
    assert (xlsx_cells["Narahubung"].value, xlsx_cells["Narahubung"].data_type) == ("'=1+1", "s")


def test_visit_times_export_in_the_venue_zone_with_its_label(staff_client):
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    ScheduledVisitFactory(
        venue=VenueFactory(time_zone="Asia/Makassar"),
        scheduled_start=datetime.datetime(2026, 12, 9, 9, tzinfo=wita),
        scheduled_end=datetime.datetime(2026, 12, 9, 11, tzinfo=wita),
    )

    values = dict(zip(*_csv_rows(staff_client.get(EXPORT_URL, {"format": "csv"})), strict=True))

    assert (values["Kunjungan mulai"], values["Kunjungan selesai"]) == (
        "2026-12-09 09:00 WITA",
        "2026-12-09 11:00 WITA",
    )
