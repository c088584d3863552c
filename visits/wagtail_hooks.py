"""Where the visits app meets Wagtail and the portal: the staff screens of
``visits.admin``, their menu items and dashboard panel, and the extension points."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from portal import extensions
from visits import integrations
from visits.admin.agenda import VisitAgendaViewSet
from visits.admin.alerts import VisitAlertsPanel
from visits.admin.board import VisitBoardViewSet
from visits.admin.calendars import VisitCalendarViewSet
from visits.admin.delegation import VisitDelegationViewSet
from visits.admin.export import VisitExportViewSet
from visits.admin.permissions import StaffMenuItem, ViewerMenuItem, is_visit_staff
from visits.admin.reports import AwaitingReportsPanel, VisitReportsViewSet
from visits.admin.requests import VisitRequestViewSet
from visits.admin.statistics import VisitStatisticsViewSet
from visits.admin.venues import ClosedDateViewSet, TopicViewSet, VenueViewSet
from visits.selectors import staff as staff_selectors


class VisitsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Study visits")
    menu_icon = "group"
    menu_order = 250
    items = (
        VisitRequestViewSet,
        VisitBoardViewSet,
        VisitAgendaViewSet,
        VisitCalendarViewSet,
        VenueViewSet,
        ClosedDateViewSet,
        TopicViewSet,
    )


@hooks.register("register_admin_viewset")
def register_visits_viewsets():
    return VisitsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_report_viewsets():
    return [
        VisitReportsViewSet(),
        VisitStatisticsViewSet(),
        VisitExportViewSet(),
        VisitDelegationViewSet(),
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


@hooks.register("register_account_settings_panel")
def visit_alerts_panel(request, user, profile):
    return VisitAlertsPanel(request, user, profile)


@hooks.register("construct_homepage_panels")
def add_awaiting_reports_panel(request, panels):
    if not is_visit_staff(request.user):
        return
    count = staff_selectors.awaiting_report_count()
    if count:
        panels.append(AwaitingReportsPanel(count))


extensions.register_integrations(integrations)
