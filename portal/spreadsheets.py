"""The one spreadsheet writer of the portal: CSV and XLSX downloads whose cells
a spreadsheet cannot run as formulas.

API (every CSV/XLSX export goes through it)::

    from portal.spreadsheets import spreadsheet_response

    response = spreadsheet_response(
        "visit-requests-2026-12-06",      # file name without extension
        [_("Reference"), _("Institution")],  # headers (lazy strings are fine)
        rows,                             # iterable of lists, in header order
        "xlsx",                           # "csv" or "xlsx" (``FORMATS``)
        title=_("Visit requests"),        # XLSX sheet title (cut to 31 characters)
    )

It returns an ``HttpResponse`` with the right content type and
``Content-Disposition: attachment; filename="<filename>.<fmt>"``; the caller
adds any other header (e.g. ``Cache-Control``) and writes its audit record.
Every cell, header or value, passes through ``spreadsheet_cell``:

- ``None`` becomes an empty cell; numbers (``int``, ``float``, ``Decimal``)
  stay numbers; a ``datetime.date`` stays a date ("yyyy-mm-dd" in XLSX, ISO
  8601 in CSV). Convert booleans and datetimes to text before (say "yes" in
  the reader's language, the time in the right zone).
- Anything else becomes text; text a spreadsheet would evaluate (it starts
  with = + - @, a tab, a carriage return or NUL: CSV injection) is kept behind
  a leading apostrophe by ``defuse_formula``. International telephone numbers
  pass unchanged (see ``PHONE_NUMBER``).

CSV is UTF-8 with a BOM (so spreadsheet programs read the accents) and every
field quoted; in XLSX, text cells are typed as strings, never formulas.

The admin listings exported by Wagtail's ``SpreadsheetExportMixin`` are
defused by ``portal.audit.AuditedSpreadsheetViewMixin`` with the same
``defuse_formula``.
"""

import csv
import datetime
import decimal
import io
import re

from django.http import HttpResponse
from django.utils.encoding import force_str

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
XLSX_DATE_FORMAT = "yyyy-mm-dd"

# An international telephone number such as "+62 812-3456 (7890)": a plus,
# then only ASCII digits, spaces, hyphens and parentheses, 7 to 15 digits
# (E.164 allows 15). Such a cell is exported as it is, without the apostrophe
# (security checklist OUT-6/OUT-7 are about injection): with no letter, quote,
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


def _is_date(value):
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def spreadsheet_cell(value):
    """``value`` as a safe cell: "" for None, numbers and dates unchanged, the
    rest as text with formulas defused."""
    if value is None:
        return ""
    if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
        return value
    if _is_date(value):
        return value
    return defuse_formula(force_str(value))


def _csv_text(value):
    value = spreadsheet_cell(value)
    if _is_date(value):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def csv_content(headers, rows):
    """The bytes of a CSV file: UTF-8 with BOM, every field quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([_csv_text(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_content(headers, rows, *, title="Sheet"):
    """The bytes of an XLSX workbook with one sheet called ``title``."""
    return xlsx_workbook_content([(title, headers, rows)])


def xlsx_workbook_content(sheets):
    """The bytes of an XLSX workbook of several sheets: ``(title, headers,
    rows)`` each, every cell through ``spreadsheet_cell``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=force_str(title)[:31])

        def cells(values, sheet=sheet):
            for value in values:
                cell = WriteOnlyCell(sheet, value=spreadsheet_cell(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would read "=..." as a formula
                elif _is_date(cell.value):
                    cell.number_format = XLSX_DATE_FORMAT
                yield cell

        sheet.append(list(cells(headers)))
        for row in rows:
            sheet.append(list(cells(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_response(filename, headers, rows, fmt, *, title="Sheet"):
    """A download of ``headers`` and ``rows`` as ``<filename>.<fmt>`` (csv or xlsx)."""
    if fmt == "csv":
        response = HttpResponse(csv_content(headers, rows), content_type=CSV_CONTENT_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_content(headers, rows, title=title), content_type=XLSX_CONTENT_TYPE
        )
    else:
        raise ValueError(f"Unknown spreadsheet format {fmt!r}; expected one of {FORMATS}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
