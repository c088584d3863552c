"""The export of visit requests for staff: filter them, then download them as
CSV or XLSX (audit-logged; anyone who may view visit requests). The cells are
written by ``portal.spreadsheets``, which defuses formulas."""

import datetime
import zoneinfo

from django import forms
from django.contrib import messages
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal import audit
from portal.spreadsheets import spreadsheet_response
from portal.widgets import ISODateInput
from visits.admin.breadcrumbs import PageTitleBreadcrumbsMixin
from visits.admin.permissions import ViewerMixin
from visits.choices import VisitState
from visits.display import visit_time_zone, zone_label
from visits.models import VisitRequest
from visits.selectors import staff as staff_selectors

# The rows ------------------------------------------------------------------------------

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


def _local(moment, visit):
    """``moment`` in the visit's venue zone with the zone's label, e.g.
    "2026-12-09 09:00 WITA": the time the partner and staff read on its page."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(visit_time_zone(visit)))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def _attendance(visit):
    """Who came: the participants marked present, else the report's number."""
    if getattr(visit, "present_count", None) is not None:
        return visit.present_count
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


# The screen ---------------------------------------------------------------------------


class ExportFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("All states")), *VisitState.choices],
    )
    visit_from = forms.DateField(
        label=gettext_lazy("Visit from"), required=False, widget=ISODateInput
    )
    visit_to = forms.DateField(
        label=gettext_lazy("Visit until"), required=False, widget=ISODateInput
    )
    submitted_from = forms.DateField(
        label=gettext_lazy("Submitted from"), required=False, widget=ISODateInput
    )
    submitted_to = forms.DateField(
        label=gettext_lazy("Submitted until"), required=False, widget=ISODateInput
    )
    institution = forms.ModelChoiceField(
        label=gettext_lazy("Institution"),
        required=False,
        queryset=staff_selectors.institutions_with_visit_requests(),
        empty_label=gettext_lazy("All institutions"),
    )
    venue = forms.ModelChoiceField(
        label=gettext_lazy("Venue"),
        required=False,
        queryset=staff_selectors.all_venues(),
        empty_label=gettext_lazy("All venues"),
    )

    def clean(self):
        cleaned = super().clean()
        for start, end in (("visit_from", "visit_to"), ("submitted_from", "submitted_to")):
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, gettext("The end date is before the start date."))
        return cleaned


class ExportView(PageTitleBreadcrumbsMixin, ViewerMixin, WagtailAdminTemplateMixin, TemplateView):
    """Filter the visit requests, then download them as CSV or XLSX (audit-logged)."""

    template_name = "visits/reports/export.html"
    page_title = gettext_lazy("Export visit requests")
    header_icon = "download"
    formats = ("csv", "xlsx")

    def get(self, request, *args, **kwargs):
        form = ExportFilterForm(request.GET or None)
        export_format = request.GET.get("format")
        if form.is_bound and form.is_valid() and export_format in self.formats:
            return self.download(form, export_format)
        if export_format and export_format not in self.formats:
            messages.error(request, gettext("Choose CSV or XLSX."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs["form"]
        context["count"] = None
        if not form.is_bound:
            context["count"] = staff_selectors.visit_requests_for_export().count()
        elif form.is_valid():
            context["count"] = staff_selectors.visit_requests_for_export(
                **form.cleaned_data
            ).count()
        context["query"] = self.request.GET.urlencode()
        return context

    def download(self, form, export_format):
        filters = {key: value for key, value in form.cleaned_data.items() if value}
        visits = list(staff_selectors.visit_requests_for_export(**form.cleaned_data))
        headers = [label for _key, label in EXPORT_COLUMNS]
        rows = [visit_request_row(visit) for visit in visits]
        audit.record(
            self.request.user,
            "export.visitrequest",
            request=self.request,
            format=export_format,
            rows=len(rows),
            filters={key: str(value) for key, value in filters.items()},
        )
        filename = f"visit-requests-{datetime.date.today():%Y-%m-%d}"
        return spreadsheet_response(
            filename, headers, rows, export_format, title=gettext("Visit requests")
        )


class VisitExportViewSet(ViewSet):
    name = "visit_export"
    icon = "download"
    menu_label = gettext_lazy("Export visit requests")

    def get_urlpatterns(self):
        return [path("", ExportView.as_view(), name="index")]
