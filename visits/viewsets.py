"""Wagtail admin screens of the visits app (registered in wagtail_hooks.py)."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from partners.models import Institution
from visits import admin_views
from visits.choices import VisitState
from visits.display import format_duration, format_visit_time, visit_time_zone
from visits.models import ClosedDate, Topic, Venue, VisitRequest


class VenueInspectView(InspectView):
    def get_default_duration_display_value(self):
        return format_duration(self.object.default_duration)  # "2 jam", not "2:00:00"


class VenueViewSet(ModelViewSet):
    model = Venue
    inspect_view_class = VenueInspectView
    name = "visit_venues"
    icon = "home"
    menu_label = _("Venues and rules")
    list_display = ["name", "time_zone", "max_group_size", "concurrent_visits", "is_active"]
    list_filter = ["is_active", "time_zone"]
    search_fields = ["name", "address"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ClosedDateViewSet(ModelViewSet):
    model = ClosedDate
    name = "visit_closed_dates"
    icon = "calendar-check"
    menu_label = _("Closed dates")
    list_display = ["date", "venue", "reason"]
    list_filter = ["venue", "date"]
    search_fields = ["reason"]
    form_fields = ["venue", "date", "reason"]
    ordering = ["-date"]
    copy_view_enabled = False


class TopicViewSet(ModelViewSet):
    model = Topic
    name = "visit_topics"
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name_id", "name_en", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_id", "name_en"]
    form_fields = ["name_id", "name_en", "slug", "sort_order", "is_active"]
    copy_view_enabled = False


class VisitRequestFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=VisitState.choices)
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        queryset=Institution.objects.filter(visit_requests__isnull=False).distinct(),
    )
    venue = django_filters.ModelChoiceFilter(label=_("Venue"), queryset=Venue.objects.all())
    scheduled_start = django_filters.DateFromToRangeFilter(
        label=_("Visit date"), widget=DateRangePickerWidget
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = VisitRequest
        fields = ["state", "institution", "venue", "scheduled_start", "created_at"]


def _request_url(visit):
    return reverse("visit_requests:inspect", args=[visit.pk])


def _visit_time(visit):
    # Absolute, in the venue's zone: Wagtail's DateColumn says "0 minutes ago"
    # of a visit next month.
    if visit.scheduled_start is None:
        return ""
    return format_visit_time(
        visit.scheduled_start, visit.scheduled_end, time_zone=visit_time_zone(visit)
    )


def _submitted(visit):
    return format_visit_time(visit.created_at, time_zone=visit_time_zone(visit))


class VisitRequestViewSet(ModelViewSet):
    """Staff review requests here; every change of state goes through the inspect page's actions."""

    model = VisitRequest
    name = "visit_requests"
    icon = "clipboard-list"
    menu_label = _("Visit requests")
    filterset_class = VisitRequestFilterSet
    search_fields = ["contact_name", "contact_email", "purpose", "institution__name"]
    inspect_view_enabled = True
    index_view_class = admin_views.VisitRequestIndexView
    inspect_view_class = admin_views.VisitRequestInspectView
    add_view_class = admin_views.VisitRequestCreateView
    copy_view_enabled = False
    list_per_page = 25
    ordering = ["-created_at"]
    list_display = [
        # Each row opens the request's page, where staff read and act on it.
        TitleColumn(
            "reference",
            label=_("Reference"),
            accessor="reference",
            get_url=_request_url,
            classname="portal-nowrap",
        ),
        Column("institution", label=_("Institution"), accessor="institution"),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column(
            "scheduled_start", label=_("Visit"), accessor=_visit_time, sort_key="scheduled_start"
        ),
        Column("group_size", label=_("Group"), accessor="group_size"),
        Column("created_at", label=_("Submitted"), accessor=_submitted, sort_key="created_at"),
    ]
    # Staff may correct contact details and needs; state, times and venue
    # change only through the actions on the request's page.
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contact person"),
        ),
        FieldPanel("accessibility_needs"),
        FieldRowPanel([FieldPanel("interpreter_needed"), FieldPanel("interpreter_language")]),
        FieldPanel("notes"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("action/<int:pk>/<slug:action>/", admin_views.visit_action, name="action"),
            path("reply/<int:pk>/", admin_views.visit_reply, name="reply"),
        ]


class AgendaMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("visits.view_visitrequest")


class VisitAgendaViewSet(ViewSet):
    name = "visit_agenda"
    icon = "date"
    menu_label = _("Visit agenda")

    def get_urlpatterns(self):
        return [path("", admin_views.agenda, name="index")]

    menu_item_class = AgendaMenuItem


class VisitsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Study visits")
    menu_icon = "group"
    menu_order = 250
    items = (
        VisitRequestViewSet,
        VisitAgendaViewSet,
        VenueViewSet,
        ClosedDateViewSet,
        TopicViewSet,
    )
