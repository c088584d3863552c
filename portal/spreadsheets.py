"""Cells for CSV and XLSX exports that a spreadsheet cannot run as formulas.

A cell that starts with = + - @, a tab, a carriage return or NUL may be taken
as a formula by Excel or LibreOffice (CSV injection). Every export of the
portal passes text cells through ``defuse_formula``: the admin listings via
``portal.audit.AuditedSpreadsheetViewMixin``, the partners implementation
report directly, and the visits export and statistics through the writers
below (``csv_response``, ``xlsx_response``): CSV with every field quoted,
XLSX with text cells forced to the string type.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# An international telephone number such as "+62 812-3456 (7890)": a plus,
# then only ASCII digits, spaces, hyphens and parentheses, 7 to 15 digits
# (E.164 allows 15). Such a cell is exported as it is, without the apostrophe
# (SECURITY.md OUT-6/OUT-7 are about injection): with no letter, quote,
# colon, "!", "|" or "&" it cannot name a function, a cell, a sheet or an
# external program, so even a program that evaluates it can at most read
# arithmetic on constants. In XLSX it is a string cell, which is never
# evaluated at all. Short values ("+1", "+62 811", "-5") keep the apostrophe.
PHONE_NUMBER = re.compile(r"\+[0-9][0-9 ()\-]*")
PHONE_DIGITS = range(7, 16)


def is_phone_number(text):
    """True for text that reads as an international telephone number (see above)."""
    return bool(PHONE_NUMBER.fullmatch(text)) and (
        sum(character.isdigit() for character in text) in PHONE_DIGITS
    )


def defuse_formula(value):
    """``value`` unchanged unless it is text a spreadsheet would evaluate;
    then the same text behind a leading apostrophe. Telephone numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not is_phone_number(value):
        return "'" + value
    return value


# Writers of whole downloads ------------------------------------------------------


def escape_cell(value):
    """``value`` made safe for a spreadsheet cell; numbers and dates pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    return defuse_formula(force_str(value))


def _csv_text(value):
    value = escape_cell(value)
    return value if isinstance(value, str) else str(value)


def csv_response(*, filename, headers, rows):
    """A CSV download (UTF-8 with BOM so spreadsheet programs read the accents)."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow([_csv_text(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return response


def xlsx_response(*, filename, headers, rows, title):
    """An XLSX download; text cells are escaped and typed as strings, never formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(title)[:31])

    def cells(values):
        for value in values:
            cell = WriteOnlyCell(sheet, value=escape_cell(value))
            if cell.data_type == "f":
                cell.data_type = "s"
            yield cell

    sheet.append(list(cells(headers)))
    for row in rows:
        sheet.append(list(cells(row)))
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class FormulaSafeExportMixin:
    """Put first in the bases of a view using Wagtail's ``SpreadsheetExportMixin``
    (e.g. a ModelViewSet's index view with ``list_export``): its CSV and XLSX
    cells are escaped like ours. Wagtail does not escape CSV itself."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return defuse_formula(value)
