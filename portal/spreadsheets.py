"""Cells for CSV and XLSX exports that a spreadsheet cannot run as formulas.

A cell that starts with = + - @, a tab, a carriage return or NUL may be taken
as a formula by Excel or LibreOffice (CSV injection). Every export of the
portal passes text cells through ``defuse_formula``: the admin listings via
``portal.audit.AuditedSpreadsheetViewMixin``, the partners implementation
report and the visits export directly.
"""

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
