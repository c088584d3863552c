"""The settings staff keep for visits: venues and their rules, closed dates, topics."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from visits.display import format_duration
from visits.models import ClosedDate, Topic, Venue


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
