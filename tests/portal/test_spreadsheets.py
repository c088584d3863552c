"""No exported text can run as a formula, whichever export produced it."""

import pytest

from portal.audit import AuditedSpreadsheetViewMixin
from portal.spreadsheets import defuse_formula, is_phone_number


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
