"""Spreadsheet output for staff: visit-request exports and statistics tables.

Every text cell is escaped against formula injection (security checklist OUT-6/OUT-7):
a value starting with ``=``, ``+``, ``-``, ``@``, tab, carriage return or NUL
gets a leading apostrophe, so a spreadsheet shows it as text instead of
running it; an international telephone number ("+62 812 ...") is left as it is
(``portal.spreadsheets.is_phone_number`` says why that is safe). CSV is written
with every field quoted; XLSX cells holding text are forced to the string type.
"""

import csv
import io
import zoneinfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, defuse_formula
from visits.choices import VisitState
from visits.display import visit_time_zone, zone_label
from visits.models import VisitRequest


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


# The visit-request export ------------------------------------------------------------

EXPORT_COLUMNS = [
    ("reference", gettext_lazy("Reference")),
    ("institution", gettext_lazy("Institution")),
    ("institution_kind", gettext_lazy("Institution kind")),
    ("province", gettext_lazy("Province")),
    ("state", gettext_lazy("State")),
    ("submitted", gettext_lazy("Submitted")),
    ("visit_start", gettext_lazy("Visit starts")),
    ("visit_end", gettext_lazy("Visit ends")),
    ("venue", gettext_lazy("Venue")),
    ("group_size", gettext_lazy("Group size")),
    ("leaders", gettext_lazy("Leaders")),
    ("staff", gettext_lazy("Academic and administrative staff")),
    ("librarians", gettext_lazy("Librarians")),
    ("students", gettext_lazy("Students")),
    ("others", gettext_lazy("Others")),
    ("attendance", gettext_lazy("Visitors who came")),
    ("topics", gettext_lazy("Topics")),
    ("other_topics", gettext_lazy("Other topics")),
    ("purpose", gettext_lazy("Purpose")),
    ("contact_name", gettext_lazy("Contact person")),
    ("contact_email", gettext_lazy("Contact e-mail")),
    ("contact_phone", gettext_lazy("Contact phone")),
    ("rating", gettext_lazy("Feedback rating")),
]


def visit_requests_for_export(
    *,
    state=None,
    visit_from=None,
    visit_to=None,
    submitted_from=None,
    submitted_to=None,
    institution=None,
    venue=None,
):
    """Visit requests matching the staff's filters, with everything the rows need.

    Dates are days in the portal's time zone, both ends included. The query
    count does not grow with the number of rows (one query plus one for topics).
    """
    queryset = VisitRequest.objects.select_related(
        "institution", "venue", "report", "feedback"
    ).prefetch_related("topics")
    if state:
        queryset = queryset.filter(state=state)
    if visit_from:
        queryset = queryset.filter(scheduled_start__date__gte=visit_from)
    if visit_to:
        queryset = queryset.filter(scheduled_start__date__lte=visit_to)
    if submitted_from:
        queryset = queryset.filter(created_at__date__gte=submitted_from)
    if submitted_to:
        queryset = queryset.filter(created_at__date__lte=submitted_to)
    if institution:
        queryset = queryset.filter(institution=institution)
    if venue:
        queryset = queryset.filter(venue=venue)
    return queryset.order_by("-created_at", "-pk")


def _local(moment, visit):
    """``moment`` in the visit's venue zone with the zone's label, e.g.
    "2026-12-09 09:00 WITA": the time the partner and staff read on its page."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(visit_time_zone(visit)))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def _attendance(visit):
    try:
        return visit.report.attendance_count
    except VisitRequest.report.RelatedObjectDoesNotExist:
        return ""


def _rating(visit):
    try:
        return visit.feedback.rating
    except VisitRequest.feedback.RelatedObjectDoesNotExist:
        return ""


def visit_request_row(visit):
    """One export row, in the order of ``EXPORT_COLUMNS``."""
    institution = visit.institution
    return [
        visit.reference,
        institution.name,
        institution.get_kind_display(),
        institution.get_province_display(),
        VisitState(visit.state).label,
        _local(visit.created_at, visit),
        _local(visit.scheduled_start, visit),
        _local(visit.scheduled_end, visit),
        visit.venue.name if visit.venue else "",
        visit.group_size,
        visit.leaders_count,
        visit.staff_count,
        visit.librarians_count,
        visit.students_count,
        visit.others_count,
        _attendance(visit),
        ", ".join(topic.label for topic in visit.topics.all()),
        visit.other_topics,
        visit.purpose,
        visit.contact_name,
        visit.contact_email,
        visit.contact_phone,
        _rating(visit),
    ]
