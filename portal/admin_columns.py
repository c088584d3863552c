"""Listing columns for the staff screens that render without a template.

Wagtail's ``Column`` renders each cell through ``wagtailadmin/tables/cell.html``,
a template render per cell: 225 of them for the visit request listing's 25
rows of nine text columns (about a tenth of its render, measured with
scripts/bench/inprocess.py). ``TextColumn`` is the same column (value,
empty display, sorting, header) whose cell is written as the template would
write it, with the value localised and escaped as ``{{ value }}`` does.
"""

from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column

_CONTEXT = Context(autoescape=True)


class TextColumn(Column):
    def render_cell_html(self, instance, parent_context):
        value = self.get_cell_context_data(instance, parent_context)["value"]
        shown = "" if value is None else render_value_in_context(value, _CONTEXT)
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, shown)
        return format_html("<td>{}</td>", shown)
