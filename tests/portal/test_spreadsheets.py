"""No exported text can run as a formula, whichever export produced it."""

import csv
import datetime
import decimal
import io

import openpyxl
import pytest
from django.utils.functional import lazystr

from portal.audit import AuditedSpreadsheetViewMixin
from portal.spreadsheets import (
    defuse_formula,
    is_phone_number,
    spreadsheet_cell,
    spreadsheet_response,
)

NASTY = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]
HEADERS = [lazystr("Name"), "=Telepon", "Tanggal", "Peserta"]
ROWS = [
    ['=HYPERLINK("http://evil")', "+62 812 3456 7890", datetime.date(2026, 3, 1), 12],
    ["Perpustakaan Alfa", None, datetime.date(2026, 3, 2), decimal.Decimal("2.5")],
]


@pytest.mark.parametrize("text", ["=1+1", "+62 811", "-5", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_text_is_kept_as_text(text):
    assert defuse_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Perpustakaan", "62 811", 42, None, ""])
def test_other_values_pass_unchanged(value):
    assert defuse_formula(value) == value


@pytest.mark.parametrize(
    "phone", ["+62 812 3456 7890", "+62 511 000 0000", "+62 (22) 7564-108", "+6281234567890"]
)
def test_international_phone_numbers_pass_unchanged(phone):
    assert is_phone_number(phone)
    assert defuse_formula(phone) == phone


@pytest.mark.parametrize(
    "text",
    [
        "+1",  # the security checklist's own example (OUT-6)
        "+62 811",  # too short for a telephone number
        "+1234567890123456",  # 16 digits: longer than E.164 allows
        "+62 812 3456 7890+cmd|' /C calc'!A0",
        "+62 812 3456\n=1",
        "+62 812 3456 7890\t",
        "+62 812 A1",
        "-62 812 3456 7890",
        "+62 812 3456 7890:A1",
        "+٦٢ ٨١٢ ٣٤٥٦ ٧٨٩٠",  # non-ASCII digits
    ],
)
def test_look_alikes_of_phone_numbers_keep_the_guard(text):
    assert not is_phone_number(text)
    assert defuse_formula(text) == "'" + text


def test_every_audited_admin_listing_export_defuses_formulas():
    class Listing:
        def preprocess_field_value(self, field, value, export_format):
            return value

    class AuditedListing(AuditedSpreadsheetViewMixin, Listing):
        pass

    view = AuditedListing()
    assert view.preprocess_field_value("name", '=HYPERLINK("x")', "csv") == '\'=HYPERLINK("x")'
    assert view.preprocess_field_value("name", "Poltekes", "xlsx") == "Poltekes"


@pytest.mark.parametrize("value", NASTY)
def test_spreadsheet_cell_defuses_formulas(value):
    assert spreadsheet_cell(value) == "'" + value


def test_spreadsheet_cell_keeps_plain_values_numbers_and_dates():
    assert spreadsheet_cell("Lokakarya") == "Lokakarya"
    assert spreadsheet_cell(12) == 12
    assert spreadsheet_cell(-3) == -3
    assert spreadsheet_cell(None) == ""
    assert spreadsheet_cell(datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 1)
    assert spreadsheet_cell(lazystr("=Nama")) == "'=Nama"


def test_csv_download_is_quoted_utf8_with_bom_and_defused():
    response = spreadsheet_response("laporan-2026", HEADERS, ROWS, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-2026.csv"'
    assert response.content.startswith(b'\xef\xbb\xbf"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Name", "'=Telepon", "Tanggal", "Peserta"],
        ['\'=HYPERLINK("http://evil")', "+62 812 3456 7890", "2026-03-01", "12"],
        ["Perpustakaan Alfa", "", "2026-03-02", "2.5"],
    ]
    assert all(line.startswith(b'"') for line in response.content[3:].splitlines())


def test_xlsx_download_holds_text_never_formulas_and_keeps_numbers_and_dates():
    response = spreadsheet_response("laporan-2026", HEADERS, ROWS, "xlsx", title="Implementasi")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="laporan-2026.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Implementasi"
    assert [cell.value for cell in sheet[1]] == ["Name", "'=Telepon", "Tanggal", "Peserta"]
    first = sheet[2]
    assert (first[0].value, first[0].data_type) == ('\'=HYPERLINK("http://evil")', "s")
    assert (first[1].value, first[1].data_type) == ("+62 812 3456 7890", "s")
    assert first[2].value == datetime.datetime(2026, 3, 1)
    assert first[2].number_format == "yyyy-mm-dd"
    assert first[3].value == 12
    assert sheet[3][1].value is None
    assert sheet[3][3].value == 2.5


def test_xlsx_sheet_title_is_cut_to_what_excel_allows():
    response = spreadsheet_response("x", ["a"], [], "xlsx", title="Judul " * 10)

    assert len(openpyxl.load_workbook(io.BytesIO(response.content)).active.title) == 31


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        spreadsheet_response("x", ["a"], [], "exe")
