"""The settings staff keep for visits: venues and their rules, closed dates, topics."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from visits.display import format_duration
from visits.models import ClosedDate, Topic, Venue
from visits.selectors import approvers
from visits.selectors import staff as staff_selectors
from visits.services.venue_rules import quota_text


class VenueForm(WagtailAdminModelForm):
    """The venue's edit form: approvers are chosen among cooperation staff
    and the groups that hold the review permission.

    Only an administrator (superuser) or one of the venue's own approvers
    may change who approves it: otherwise any cooperation staff member could
    name themselves and decide requests the venue keeps from them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not approvers.may_name_approvers(self.for_user, self.instance):
            for name in ("approvers", "approver_groups"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Only an administrator or an approver of this venue can change this."
                    )
        if "approvers" in self.fields:
            self.fields["approvers"].queryset = staff_selectors.host_candidates()
            self.fields["approvers"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["approvers"].choices
            )
        if "approver_groups" in self.fields:
            self.fields["approver_groups"].queryset = staff_selectors.staff_groups()
            self.fields["approver_groups"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["approver_groups"].choices
            )


VENUE_PANELS = [
    FieldPanel("name"),
    FieldPanel("address"),
    FieldPanel("time_zone"),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("max_group_size"), FieldPanel("concurrent_visits")]),
            FieldPanel("default_duration"),
            FieldRowPanel([FieldPanel("min_lead_days"), FieldPanel("max_ahead_days")]),
        ],
        heading=gettext_lazy("Visiting rules"),
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("min_duration"), FieldPanel("max_duration")]),
            FieldRowPanel([FieldPanel("setup_minutes"), FieldPanel("teardown_minutes")]),
        ],
        heading=gettext_lazy("Length of a visit and buffers"),
        help_text=gettext_lazy(
            "The set-up and clear-up times are kept free around every visit: two visits "
            "whose buffers overlap are never both scheduled."
        ),
    ),
    MultiFieldPanel(
        [FieldRowPanel([FieldPanel("quota_visits"), FieldPanel("quota_period")])],
        heading=gettext_lazy("Quota per institution"),
        help_text=gettext_lazy(
            "For example 2 visits per semester: an institution that has them (requested "
            "or scheduled) at this venue is offered the first date of the next period."
        ),
    ),
    MultiFieldPanel(
        [FieldPanel("approvers"), FieldPanel("approver_groups")],
        heading=gettext_lazy("Approvers"),
    ),
    InlinePanel(
        "opening_hours",
        heading=gettext_lazy("Opening hours"),
        label=gettext_lazy("Opening hours"),
    ),
    FieldPanel("is_active"),
]


def _minutes(value):
    return ngettext("%(count)d minute", "%(count)d minutes", value or 0) % {"count": value or 0}


def _length(value):
    return format_duration(value) if value else _("No limit")


class VenueInspectView(InspectView):
    def get_fields(self):
        return [
            "name",
            "address",
            "time_zone",
            "max_group_size",
            "concurrent_visits",
            "default_duration",
            "min_duration",
            "max_duration",
            "setup_minutes",
            "teardown_minutes",
            "quota_visits",
            "min_lead_days",
            "max_ahead_days",
            "approvers",
            "is_active",
        ]

    def get_default_duration_display_value(self):
        return format_duration(self.object.default_duration)  # "2 jam", not "2:00:00"

    def get_min_duration_display_value(self):
        return _length(self.object.min_duration)

    def get_max_duration_display_value(self):
        return _length(self.object.max_duration)

    def get_setup_minutes_display_value(self):
        return _minutes(self.object.setup_minutes)

    def get_teardown_minutes_display_value(self):
        return _minutes(self.object.teardown_minutes)

    def get_quota_visits_display_value(self):
        venue = self.object
        if not venue.quota_visits:
            return _("No quota")
        return quota_text(venue)

    def get_is_active_display_value(self):
        return _("Yes") if self.object.is_active else _("No")

    def get_approvers_display_value(self):
        venue = self.object
        names = [str(user) for user in venue.approvers.all()]
        names += [group.name for group in venue.approver_groups.all()]
        return ", ".join(names) if names else _("Every cooperation staff member")


class VenueViewSet(ModelViewSet):
    model = Venue
    inspect_view_class = VenueInspectView
    edit_handler = ObjectList(VENUE_PANELS, base_form_class=VenueForm)
    name = "visit_venues"
    icon = "home"
    menu_label = gettext_lazy("Venues and rules")
    list_display = ["name", "time_zone", "max_group_size", "concurrent_visits", "is_active"]
    list_filter = ["is_active", "time_zone"]
    search_fields = ["name", "address"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ClosedDateViewSet(ModelViewSet):
    model = ClosedDate
    name = "visit_closed_dates"
    icon = "calendar-check"
    menu_label = gettext_lazy("Closed dates")
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
    menu_label = gettext_lazy("Topics")
    list_display = ["name_id", "name_en", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_id", "name_en"]
    form_fields = ["name_id", "name_en", "slug", "sort_order", "is_active"]
    copy_view_enabled = False
