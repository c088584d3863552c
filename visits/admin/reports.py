"""Visit reports for staff: held visits awaiting a report, recording and
editing a report, and the news draft made from it (staff only,
``visits.review_visitrequest``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from visits.admin.permissions import StaffOnlyMixin
from visits.choices import HELD_STATES
from visits.models import VisitReport, VisitRequest
from visits.selectors import delegation as delegation_selectors
from visits.selectors import staff as staff_selectors
from visits.services import reports as report_services

REPORTS_PER_PAGE = 25


def _report_panel():
    return ObjectList(VisitReport.panels).bind_to_model(VisitReport)


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
        context["awaiting"] = staff_selectors.visits_awaiting_report()
        reports = staff_selectors.visit_reports()
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
        self.visit = staff_selectors.visit_for_report(kwargs["visit_pk"])
        if self.visit is None:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if not self.user_allowed(request.user):
            raise PermissionDenied
        existing = staff_selectors.report_of_visit(self.visit)
        if existing is not None:
            messages.info(request, _("This visit already has a report; you can edit it."))
            return redirect("visit_reports:edit", existing.pk)
        if self.visit.state not in HELD_STATES:
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
        # Who was marked present at the door, else the announced group.
        present = delegation_selectors.present_counts([self.visit.pk]).get(self.visit.pk)
        return {"attendance_count": present or self.visit.group_size}

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
        return staff_selectors.reports_for_editing()

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
        self.report = staff_selectors.report_for_detail(kwargs["pk"])
        if self.report is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        visit = self.report.request
        context.update(
            report=self.report,
            visit=visit,
            photos=staff_selectors.report_photos(self.report),
            feedback=getattr(visit, "feedback", None) if _has_feedback(visit) else None,
            article=visit.report_article,
            **delegation_context(visit),
        )
        return context


def delegation_context(visit):
    """The named delegation on the report: who was marked present, out of how many listed."""
    participants = delegation_selectors.participants_of(visit)
    return {
        "participants_present": [p for p in participants if p.is_present],
        "headcount": delegation_selectors.headcount(participants),
    }


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
        report = staff_selectors.visit_report(pk)
        if report is None:
            raise Http404
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


class AwaitingReportsPanel(Component):
    """On the admin dashboard: held visits that still need their report."""

    name = "visits_awaiting_reports"
    order = 160
    template_name = "visits/reports/dashboard_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": reverse("visit_reports:index")}
