"""Admin registrations for reports, statistics and exports (imported by wagtail_hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from visits import staff_views
from visits.models import VisitRequest
from visits.services import reports as report_services
from visits.services import workflow


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return workflow.is_visit_staff(request.user)


class ViewerMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_views.can_view_visits(request.user)


@hooks.register("register_admin_viewset")
def register_report_viewsets():
    return [
        staff_views.VisitReportsViewSet(),
        staff_views.VisitStatisticsViewSet(),
        staff_views.VisitExportViewSet(),
    ]


@hooks.register("register_reports_menu_item")
def visit_reports_menu_item():
    return StaffMenuItem(
        _("Visit reports"), reverse("visit_reports:index"), icon_name="doc-full", order=900
    )


@hooks.register("register_reports_menu_item")
def visit_statistics_menu_item():
    return ViewerMenuItem(
        _("Visit statistics"), reverse("visit_statistics:index"), icon_name="table", order=910
    )


@hooks.register("register_reports_menu_item")
def visit_export_menu_item():
    return ViewerMenuItem(
        _("Export visit requests"),
        reverse("visit_export:index"),
        icon_name="download",
        order=920,
    )


class AwaitingReportsPanel(Component):
    """On the admin dashboard: held visits that still need their report."""

    name = "visits_awaiting_reports"
    order = 160
    template_name = "visits/reports/dashboard_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": reverse("visit_reports:index")}


@hooks.register("construct_homepage_panels")
def add_awaiting_reports_panel(request, panels):
    if not workflow.is_visit_staff(request.user):
        return
    count = VisitRequest.objects.filter(
        state__in=report_services.HELD_STATES, report__isnull=True
    ).count()
    if count:
        panels.append(AwaitingReportsPanel(count))
