"""The staff listings' TextColumn writes the cell Wagtail's template would:
the value escaped, localised, or the empty display."""

import datetime
import re

from django.utils import translation
from wagtail.admin.ui.tables import Column

from portal.admin_columns import TextColumn


class Row:
    def __init__(self, **values):
        self.__dict__.update(values)


def _tidy(html):
    """The template's cell without the whitespace around its value."""
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", html)).strip()


def _cell(column, row):
    return column.render_cell_html(row, {"row": None, "table": None, "request": None})


def test_a_cell_is_escaped_as_the_template_escapes_it():
    row = Row(name="<b>Perpustakaan</b> & Arsip")
    assert _cell(TextColumn("name"), row) == "<td>&lt;b&gt;Perpustakaan&lt;/b&gt; &amp; Arsip</td>"


def test_a_cell_says_what_wagtails_cell_says():
    row = Row(name="Poltekes", size=1250, day=datetime.date(2027, 3, 1), missing=None, blank="")
    with translation.override("id"):
        for name in ("name", "size", "day", "missing", "blank"):
            ours = _cell(TextColumn(name, classname="portal-nowrap"), row)
            wagtails = _cell(Column(name, classname="portal-nowrap"), row)
            assert ours == _tidy(wagtails), (name, ours, wagtails)
