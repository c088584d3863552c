"""Wagtail admin screens of the privacy package: the audit log."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, MultipleUserFilter, WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet

from portal.audit import AuditedExportMixin
from portal.models import AuditEvent


def _action_choices():
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    return [(action, action) for action in actions]


def _actors(request):
    return get_user_model().objects.filter(
        pk__in=AuditEvent.objects.filter(actor__isnull=False).values("actor")
    )


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=_action_choices, empty_label=_("All")
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    actor = MultipleUserFilter(label=_("Actor"), queryset=_actors, distinct=False)

    class Meta:
        model = AuditEvent
        fields = ["action", "created_at", "actor"]


class AuditEventViewSet(AuditedExportMixin, ModelViewSet):
    """The audit log: read-only, visible to whoever holds "view audit event" (Administrators)."""

    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    add_to_settings_menu = True
    copy_view_enabled = False
    # Required by ModelViewSet; the create and edit views are refused by the policy.
    form_fields = ["action"]
    inspect_view_enabled = True
    list_display = ["created_at", "actor_label", "action", "target_repr", "ip"]
    list_export = [
        "created_at",
        "actor_label",
        "action",
        "target_repr",
        "target_object_id",
        "ip",
        "details",
    ]
    export_filename = "audit-log"
    filterset_class = AuditEventFilterSet
    search_fields = ["actor_label", "action", "target_repr"]
    search_backend_name = None
    inspect_view_fields = [
        "created_at",
        "actor_label",
        "action",
        "target_content_type",
        "target_object_id",
        "target_repr",
        "ip",
        "details",
    ]
    audit_export_action = "export.auditevent"
