"""Staff screen: the implementation report (what was done under which
agreement, per period) as CSV or XLSX.

Its rows come from ``partners.selectors.report_rows``; the file is written by
``portal.spreadsheets``, which never lets a cell become a formula.
"""

import datetime

from django import forms
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from partners import selectors
from partners.admin.permissions import can_view_report, require
from portal import audit
from portal.spreadsheets import spreadsheet_response
from portal.widgets import ISODateInput

# Agreements before this are not kept in the portal; the last year leaves
# room for planned activities without letting a far-future date reach the
# activity hooks (whose date arithmetic overflows near 9999-12-31).
FIRST_REPORT_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10


def report_period_limits(today=None):
    """The first and last day a report period may cover."""
    today = today or timezone.localdate()
    return FIRST_REPORT_DATE, datetime.date(today.year + YEARS_AHEAD, 12, 31)


class ReportForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=ISODateInput)
    end = forms.DateField(label=gettext_lazy("Until"), widget=ISODateInput)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")],
        initial="xlsx",
    )

    def clean(self):
        data = super().clean()
        first, last = report_period_limits()
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not first <= day <= last:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {"first": date_format(first, "j F Y"), "last": date_format(last, "j F Y")},
                )
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data


def report_view(request):
    """Staff download the implementation report of a period."""
    require(can_view_report(request.user))
    today = timezone.localdate()
    form = ReportForm(
        request.GET if "start" in request.GET else None,
        initial={"start": today.replace(month=1, day=1), "end": today, "format": "xlsx"},
    )
    if form.is_bound and form.is_valid():
        start, end, kind = (form.cleaned_data[key] for key in ("start", "end", "format"))
        rows = selectors.report_rows(start=start, end=end)
        audit.record(
            request.user,
            "export.implementation_report",
            request=request,
            start=start,
            end=end,
            format=kind,
            rows=len(rows),
        )
        response = spreadsheet_response(
            f"implementation-{start.isoformat()}-{end.isoformat()}",
            selectors.report_headings(),
            rows,
            kind,
            title=_("Implementation"),
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return TemplateResponse(
        request,
        "partners/admin/report.html",
        {"form": form, "page_title": _("Implementation report"), "header_icon": "table"},
        status=400 if form.is_bound else 200,
    )


class ImplementationReportViewSet(ViewSet):
    """The implementation report (evidence per period) as CSV or XLSX."""

    icon = "table"
    menu_label = gettext_lazy("Implementation report")
    name = "partners_report"
    url_prefix = "partners/report"

    def get_urlpatterns(self):
        return [path("", report_view, name="index")]
