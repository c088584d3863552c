"""No exported text can run as a formula, whichever export produced it."""

import pytest

from portal.audit import AuditedSpreadsheetViewMixin
from portal.spreadsheets import defuse_formula


@pytest.mark.parametrize("text", ["=1+1", "+62 811", "-5", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_text_is_kept_as_text(text):
    assert defuse_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Perpustakaan", "62 811", 42, None, ""])
def test_other_values_pass_unchanged(value):
    assert defuse_formula(value) == value


def test_every_audited_admin_listing_export_defuses_formulas():
    class Listing:
        def preprocess_field_value(self, field, value, export_format):
            return value

    class AuditedListing(AuditedSpreadsheetViewMixin, Listing):
        pass

    view = AuditedListing()
    assert view.preprocess_field_value("name", '=HYPERLINK("x")', "csv") == '\'=HYPERLINK("x")'
    assert view.preprocess_field_value("name", "Poltekes", "xlsx") == "Poltekes"
