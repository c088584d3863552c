"""Wagtail admin screens of the privacy package: audit log, privacy notices, consents."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, MultipleUserFilter, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal.audit import AuditedExportMixin
from portal.models import AuditEvent, ConsentRecord, PrivacyNotice
from portal.privacy.selectors import audit_actions, audit_actors, consents_for_admin


def _action_choices():
    return [(action, action) for action in audit_actions()]


def _actors(request):
    return audit_actors()


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


class PrivacyNoticeViewSet(ModelViewSet):
    """Versions of the privacy notice; a version people agreed to cannot be edited."""

    model = PrivacyNotice
    icon = "doc-full-inverse"
    menu_label = _("Privacy notices")
    copy_view_enabled = True
    inspect_view_enabled = True
    list_display = ["version", "effective_date", "title_id", "created_at"]
    panels = [
        FieldRowPanel([FieldPanel("version"), FieldPanel("effective_date")]),
        MultiFieldPanel([FieldPanel("title_id"), FieldPanel("body_id")], heading=_("Indonesian")),
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("body_en")], heading=_("English")),
    ]


class ConsentRecordFilterSet(WagtailFilterSet):
    given_at = django_filters.DateFromToRangeFilter(
        label=_("Given on"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ConsentRecord
        fields = ["purpose", "notice", "given_at"]


def _local_time(value):
    return timezone.make_naive(timezone.localtime(value))


# Times as the listing shows them (the site's zone), not in UTC.
CONSENT_EXPORT_TIMES = {
    "given_at": {
        "csv": lambda value: _local_time(value).isoformat(sep=" ", timespec="seconds"),
        "xlsx": _local_time,
    }
}


class ConsentRecordViewSet(AuditedExportMixin, ModelViewSet):
    """Who agreed to which notice version for what: read-only."""

    model = ConsentRecord
    icon = "tick-inverse"
    menu_label = _("Consents")
    copy_view_enabled = False
    form_fields = ["purpose"]
    inspect_view_enabled = True
    list_display = ["user", "purpose", "notice", "given_at"]
    # Wagtail resolves export columns as attribute paths ("user.email"); a
    # queryset lookup ("user__email") fails on every row.
    list_export = [
        "user.email",
        "user.full_name",
        "get_purpose_display",
        "notice.version",
        "given_at",
    ]
    export_headings = {
        "user.email": _("E-mail"),
        "user.full_name": _("Name"),
        "get_purpose_display": pgettext_lazy("of processing personal data", "Purpose"),
        "notice.version": _("Notice version"),
        "given_at": _("Given at"),
    }
    export_filename = "consents"
    filterset_class = ConsentRecordFilterSet
    search_fields = ["user__email", "user__full_name"]
    search_backend_name = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=consents_for_admin(),
            custom_field_preprocess=CONSENT_EXPORT_TIMES,
            **kwargs,
        )


class PrivacyViewSetGroup(ModelViewSetGroup):
    menu_label = _("Privacy")
    menu_icon = "lock"
    add_to_settings_menu = True
    items = (
        AuditEventViewSet("audit_log", url_prefix="audit-log"),
        PrivacyNoticeViewSet("privacy_notices", url_prefix="privacy-notices"),
        ConsentRecordViewSet("consents", url_prefix="consents"),
    )
