"""Wagtail admin views after the visit: reports, news drafts, statistics and exports.

Reports are written by cooperation staff (``visits.review_visitrequest``);
statistics and exports are read by anyone who may view visit requests.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from partners.models import Institution
from portal import audit
from portal.widgets import ISODateInput
from visits import exports, statistics
from visits.choices import VisitState
from visits.models import Venue, VisitReport, VisitRequest
from visits.services import reports as report_services
from visits.services import workflow

VIEW_PERMISSION = "visits.view_visitrequest"
REPORTS_PER_PAGE = 25


def can_view_visits(user):
    return bool(user and user.is_authenticated and user.has_perm(VIEW_PERMISSION))


class StaffOnlyMixin:
    """Deny unless the user is cooperation staff (``review_visitrequest``)."""

    permission_policy = None
    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not self.user_allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def user_allowed(self, user):
        return workflow.is_visit_staff(user)


class ViewerMixin(StaffOnlyMixin):
    def user_allowed(self, user):
        return can_view_visits(user)


def _report_panel():
    return ObjectList(VisitReport.panels).bind_to_model(VisitReport)


class PageTitleBreadcrumbsMixin:
    """A screen of its own: home, then its title (not the bare "Home")."""

    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": "", "label": self.get_page_title()},
        ]


class ReportBreadcrumbsMixin:
    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("visit_reports:index"), "label": _("Visit reports")},
            {"url": "", "label": self.get_page_title()},
        ]


class ReportIndexView(
    ReportBreadcrumbsMixin, StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Held visits still waiting for a report, then the reports already recorded."""

    template_name = "visits/reports/index.html"
    page_title = gettext_lazy("Visit reports")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["awaiting"] = list(
            VisitRequest.objects.filter(state__in=report_services.HELD_STATES, report__isnull=True)
            .select_related("institution", "venue", "feedback")
            .order_by("scheduled_start", "pk")
        )
        reports = (
            VisitReport.objects.select_related(
                "request__institution", "request__venue", "request__feedback", "recorded_by"
            )
            .annotate(photo_count=Count("photos"))
            .order_by("-request__scheduled_start", "-pk")
        )
        page = Paginator(reports, REPORTS_PER_PAGE).get_page(self.request.GET.get("p"))
        context["page_obj"] = page
        context["reports"] = page.object_list
        return context


class ReportRecordView(StaffOnlyMixin, CreateView):
    """Record the report of a held visit; the visit becomes "reported"."""

    model = VisitReport
    page_title = gettext_lazy("Record the visit report")
    header_icon = "doc-full"
    submit_button_label = gettext_lazy("Save the report")
    submit_button_active_label = gettext_lazy("Saving…")
    index_url_name = "visit_reports:index"
    success_message = gettext_lazy("The report was saved and the visit is now reported.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.visit = get_object_or_404(
            VisitRequest.objects.select_related("institution", "venue"), pk=kwargs["visit_pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.user_allowed(request.user):
            raise PermissionDenied
        existing = VisitReport.objects.filter(request=self.visit).first()
        if existing is not None:
            messages.info(request, _("This visit already has a report; you can edit it."))
            return redirect("visit_reports:edit", existing.pk)
        if self.visit.state not in report_services.HELD_STATES:
            messages.error(
                request, _("A report can only be recorded once the visit is marked as held.")
            )
            return redirect("visit_reports:index")
        return super().dispatch(request, *args, **kwargs)

    def get_panel(self):
        return _report_panel()

    def get_page_subtitle(self):
        return str(self.visit)

    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("visit_reports:index"), "label": _("Visit reports")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_initial(self):
        return {"attendance_count": self.visit.group_size}

    def get_add_url(self):
        return reverse("visit_reports:record", args=[self.visit.pk])

    def get_edit_url(self):
        return reverse("visit_reports:edit", args=[self.object.pk])

    def get_success_url(self):
        return reverse("visit_reports:detail", args=[self.object.pk])

    def get_success_buttons(self):
        return []

    def save_instance(self):
        report = self.form.save(commit=False)
        return report_services.visit_report_record(
            visit=self.visit, report=report, actor=self.request.user
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except report_services.ReportError as error:
            messages.error(self.request, error.message)
            return redirect("visit_reports:index")


class ReportEditView(StaffOnlyMixin, EditView):
    model = VisitReport
    page_title = gettext_lazy("Edit the visit report")
    header_icon = "doc-full"
    index_url_name = "visit_reports:index"
    edit_url_name = "visit_reports:edit"
    success_message = gettext_lazy("The report was saved.")

    def get_queryset(self):
        return VisitReport.objects.select_related("request__institution", "request__venue")

    def get_panel(self):
        return _report_panel()

    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("visit_reports:index"), "label": _("Visit reports")},
            {
                "url": reverse("visit_reports:detail", args=[self.object.pk]),
                "label": str(self.object.request),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_success_url(self):
        return reverse("visit_reports:detail", args=[self.object.pk])

    def get_success_buttons(self):
        return []

    @cached_property
    def header_more_buttons(self):
        return []

    def save_instance(self):
        report = self.form.save(commit=False)
        return report_services.visit_report_update(report=report, actor=self.request.user)


class ReportDetailView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The report with its photos, the partner's feedback and the news-draft action."""

    template_name = "visits/reports/detail.html"
    page_title = gettext_lazy("Visit report")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("visit_reports:index"), "label": _("Visit reports")},
            {"url": "", "label": str(self.report.request)},
        ]

    def get_context_data(self, **kwargs):
        self.report = get_object_or_404(
            VisitReport.objects.select_related(
                "request__institution", "request__venue", "recorded_by", "request__report_article"
            ),
            pk=kwargs["pk"],
        )
        context = super().get_context_data(**kwargs)
        visit = self.report.request
        context.update(
            report=self.report,
            visit=visit,
            photos=list(self.report.photos.select_related("image")),
            feedback=getattr(visit, "feedback", None) if _has_feedback(visit) else None,
            article=visit.report_article,
        )
        return context


def _has_feedback(visit):
    try:
        visit.feedback  # noqa: B018
    except VisitRequest.feedback.RelatedObjectDoesNotExist:
        return False
    return True


class NewsDraftView(StaffOnlyMixin, View):
    """POST: make (or find) the report's news draft and open it in the page editor."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(VisitReport, pk=pk)
        try:
            page, created = report_services.visit_report_create_news_draft(
                report=report, actor=request.user
            )
        except report_services.ReportError as error:
            messages.error(request, error.message)
            return redirect("visit_reports:detail", report.pk)
        if created:
            messages.success(
                request,
                _("A news draft was made from the report. It is not published yet."),
            )
        else:
            messages.info(request, _("This visit already has a news article."))
        if page.permissions_for_user(request.user).can_edit():
            return redirect("wagtailadmin_pages:edit", page.pk)
        messages.info(
            request,
            _("Writers and editors will find the draft in the newsroom."),
        )
        return redirect("visit_reports:detail", report.pk)


class VisitReportsViewSet(ViewSet):
    name = "visit_reports"
    icon = "doc-full"
    menu_label = gettext_lazy("Visit reports")

    def get_urlpatterns(self):
        return [
            path("", ReportIndexView.as_view(), name="index"),
            path("record/<int:visit_pk>/", ReportRecordView.as_view(), name="record"),
            path("<int:pk>/", ReportDetailView.as_view(), name="detail"),
            path("<int:pk>/edit/", ReportEditView.as_view(), name="edit"),
            path("<int:pk>/news-draft/", NewsDraftView.as_view(), name="news-draft"),
        ]


# Statistics ----------------------------------------------------------------------------


def _parse_year(request):
    """The ``year`` parameter: an int, None for all years; (year, error message)."""
    raw = request.GET.get("year", "").strip()
    if raw == "all":
        return None, None
    if not raw:
        return "default", None
    if raw.isdigit() and 1900 <= int(raw) <= 2999:
        return int(raw), None
    return "default", _("“%(value)s” is not a year; showing the latest year instead.") % {
        "value": raw[:20]
    }


class StatisticsMixin(ViewerMixin):
    def get_year(self):
        year, error = _parse_year(self.request)
        self.years = statistics.visit_years()
        if year == "default":
            year = self.years[0] if self.years else datetime.date.today().year
        return year, error


class StatisticsView(
    PageTitleBreadcrumbsMixin, StatisticsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Charts and tables of held visits and their visitors, for one year or all."""

    template_name = "visits/statistics/index.html"
    page_title = gettext_lazy("Visit statistics")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, error = self.get_year()
        if error:
            messages.warning(self.request, error)
        metric = self.request.GET.get("metric", "visits")
        if metric not in statistics.METRICS:
            messages.warning(self.request, _("Unknown measure; showing visits."))
            metric = "visits"
        sections = []
        for key, (title, build) in statistics.TABLES.items():
            if key == "month" and year is None:
                continue
            rows = build(year)
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "rows": rows,
                    "chart": statistics.bar_chart(rows, metric=metric),
                    "totals": {
                        "visits": sum(row["visits"] for row in rows),
                        "visitors": sum(row["visitors"] for row in rows),
                    },
                    "csv_url": reverse("visit_statistics:csv", args=[key])
                    + f"?year={year if year is not None else 'all'}",
                }
            )
        context.update(
            year=year,
            years=self.years,
            metric=metric,
            metric_label=statistics.METRICS[metric],
            metrics=statistics.METRICS.items(),
            sections=sections,
        )
        return context


class StatisticsCsvView(StatisticsMixin, View):
    def get(self, request, table):
        if table not in statistics.TABLES:
            raise Http404
        year, error = self.get_year()
        if error or (table == "month" and year is None):
            messages.error(request, error or _("Choose a year for the monthly table."))
            return redirect("visit_statistics:index")
        title, build = statistics.TABLES[table]
        rows = build(year)
        label_heading = {
            "month": _("Month"),
            "year": _("Year"),
            "kind": _("Institution kind"),
            "province": _("Province"),
            "topic": _("Topic"),
        }[table]
        suffix = year if year is not None else "all"
        audit.record(
            request.user,
            "export.visit_statistics",
            request=request,
            format="csv",
            table=table,
            year=suffix,
            rows=len(rows),
        )
        return exports.csv_response(
            filename=f"visit-statistics-{table}-{suffix}",
            headers=[label_heading, _("Visits"), _("Visitors")],
            rows=[[row["label"], row["visits"], row["visitors"]] for row in rows],
        )


class VisitStatisticsViewSet(ViewSet):
    name = "visit_statistics"
    icon = "table"
    menu_label = gettext_lazy("Visit statistics")

    def get_urlpatterns(self):
        return [
            path("", StatisticsView.as_view(), name="index"),
            path("<slug:table>.csv", StatisticsCsvView.as_view(), name="csv"),
        ]


# Export of visit requests ----------------------------------------------------------


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
        queryset=Institution.objects.filter(visit_requests__isnull=False).distinct(),
        empty_label=gettext_lazy("All institutions"),
    )
    venue = forms.ModelChoiceField(
        label=gettext_lazy("Venue"),
        required=False,
        queryset=Venue.objects.all(),
        empty_label=gettext_lazy("All venues"),
    )

    def clean(self):
        cleaned = super().clean()
        for start, end in (("visit_from", "visit_to"), ("submitted_from", "submitted_to")):
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, _("The end date is before the start date."))
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
            messages.error(request, _("Choose CSV or XLSX."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs["form"]
        context["count"] = None
        if not form.is_bound:
            context["count"] = exports.visit_requests_for_export().count()
        elif form.is_valid():
            context["count"] = exports.visit_requests_for_export(**form.cleaned_data).count()
        context["query"] = self.request.GET.urlencode()
        return context

    def download(self, form, export_format):
        filters = {key: value for key, value in form.cleaned_data.items() if value}
        visits = list(exports.visit_requests_for_export(**form.cleaned_data))
        headers = [label for _key, label in exports.EXPORT_COLUMNS]
        rows = [exports.visit_request_row(visit) for visit in visits]
        audit.record(
            self.request.user,
            "export.visitrequest",
            request=self.request,
            format=export_format,
            rows=len(rows),
            filters={key: str(value) for key, value in filters.items()},
        )
        filename = f"visit-requests-{datetime.date.today():%Y-%m-%d}"
        if export_format == "csv":
            return exports.csv_response(filename=filename, headers=headers, rows=rows)
        return exports.xlsx_response(
            filename=filename, headers=headers, rows=rows, title=_("Visit requests")
        )


class VisitExportViewSet(ViewSet):
    name = "visit_export"
    icon = "download"
    menu_label = gettext_lazy("Export visit requests")

    def get_urlpatterns(self):
        return [path("", ExportView.as_view(), name="index")]
