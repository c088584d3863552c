from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from partners.events.forms import EventAdminForm
from partners.events.models import Event
from portal.audit import AuditedExportMixin

# Agreements are for cooperation staff: editors manage events without
# seeing which agreement one implements.
AGREEMENT_PERMISSION = "partners.view_agreement"


class EventIndexView(IndexView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not request.user.has_perm(AGREEMENT_PERMISSION):
            self.list_export = [name for name in self.list_export if name != "agreement"]


class EventInspectView(InspectView):
    def get_fields(self):
        fields = super().get_fields()
        if not self.request.user.has_perm(AGREEMENT_PERMISSION):
            fields = [name for name in fields if name != "agreement"]
        return fields


class EventViewSet(AuditedExportMixin, ModelViewSet):
    """Shared events for editors and cooperation staff; exports are audit-logged."""

    model = Event
    audit_export_action = "export.events"
    icon = "date"
    menu_label = _("Shared events")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = EventIndexView
    inspect_view_class = EventInspectView
    inspect_view_enabled = True
    copy_view_enabled = True
    list_display = ["title", "start", "kind", "mode", "status", "is_public", "updated_at"]
    list_filter = ["status", "kind", "mode", "is_public", "partners", "time_zone"]
    search_fields = ["title", "summary", "venue"]
    search_backend_name = None
    ordering = ["-start"]
    list_export = [
        "title",
        "start",
        "end",
        "time_zone",
        "all_day",
        "kind",
        "mode",
        "status",
        "venue",
        "online_url",
        "rrule",
        "capacity",
        "registration_url",
        "audience",
        "language",
        "agreement",
        "uid",
        "sequence",
        "updated_at",
    ]
    export_filename = "acara-bersama"
    inspect_view_fields = [
        "title",
        "slug",
        "summary",
        "description",
        "host_is_organiser",
        "partners",
        "programme",
        "kind",
        "mode",
        "venue",
        "address",
        "online_url",
        "start",
        "end",
        "all_day",
        "time_zone",
        "rrule",
        "exdates",
        "status",
        "cancelled_at",
        "capacity",
        "registration_url",
        "audience",
        "language",
        "agreement",
        "is_public",
        "uid",
        "sequence",
        "updated_at",
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
                    FieldPanel("audience"),
                    FieldPanel("image"),
                    FieldPanel("status"),
                    FieldPanel("is_public"),
                ],
                heading=_("Event"),
            ),
            ObjectList(
                [
                    FieldPanel("time_zone"),
                    FieldPanel("all_day"),
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                    MultiFieldPanel(
                        [FieldPanel("rrule"), FieldPanel("exdates")],
                        heading=_("Series"),
                    ),
                    # One date of the series moved, elsewhere, with a note
                    # or cancelled (checked in EventAdminForm.is_valid).
                    InlinePanel(
                        "occurrence_changes",
                        heading=_("Changes to single dates"),
                        label=_("Change to one date"),
                        panels=[
                            FieldPanel("occurrence_date"),
                            FieldPanel("is_cancelled"),
                            FieldRowPanel(
                                [
                                    FieldPanel("new_date"),
                                    FieldPanel("new_start_time"),
                                    FieldPanel("new_end_time"),
                                ]
                            ),
                            FieldRowPanel([FieldPanel("venue"), FieldPanel("address")]),
                            FieldPanel("note"),
                        ],
                    ),
                ],
                heading=_("Time"),
            ),
            ObjectList(
                [
                    FieldPanel("mode"),
                    FieldPanel("venue"),
                    FieldPanel("address"),
                    FieldPanel("online_url"),
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_url")]),
                ],
                heading=_("Place and sign-up"),
            ),
            ObjectList(
                [
                    FieldPanel("host_is_organiser"),
                    FieldPanel("partners"),
                    FieldPanel("programme"),
                    FieldPanel("agreement", permission=AGREEMENT_PERMISSION),
                ],
                heading=_("Organisers"),
            ),
        ],
        base_form_class=EventAdminForm,
    )
