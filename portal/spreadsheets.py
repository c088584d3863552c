"""Cells for CSV and XLSX exports that a spreadsheet cannot run as formulas.

A cell that starts with = + - @, a tab, a carriage return or NUL may be taken
as a formula by Excel or LibreOffice (CSV injection). Every export of the
portal passes text cells through ``defuse_formula``: the admin listings via
``portal.audit.AuditedSpreadsheetViewMixin``, the partners implementation
report and the visits export directly.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def defuse_formula(value):
    """``value`` unchanged unless it is text a spreadsheet would evaluate;
    then the same text behind a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
