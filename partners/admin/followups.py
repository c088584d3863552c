"""Staff screen: follow-up actions agreed at visits or under agreements, with
the overdue ones one filter away."""

import django_filters
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from partners.admin.base import AdminModelViewSet
from partners.models import FollowUp


class FollowUpFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=gettext_lazy("Overdue"), method="filter_overdue")

    class Meta:
        model = FollowUp
        fields = ["overdue", "status", "side", "institution", "agreement"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = FollowUp.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class FollowUpViewSet(AdminModelViewSet):
    model = FollowUp
    icon = "tasks"
    menu_label = gettext_lazy("Follow-up actions")
    name = "partners_follow_ups"
    url_prefix = "partners/follow-ups"
    list_display = ["title", "institution", "side", "owner", "due_date", "status_label"]
    filterset_class = FollowUpFilterSet
    search_fields = ["title", "owner", "agreed_at", "institution__name"]
    list_export = [
        "title",
        "institution",
        "agreement",
        "agreed_at",
        "side",
        "owner",
        "due_date",
        "status_label",
        "done_on",
        "evidence_url",
    ]
    export_filename = "follow-up-actions"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = [
        "institution",
        "agreement",
        "agreed_at",
        "title",
        "side",
        "owner",
        "due_date",
        "status",
        "evidence_url",
        "note",
        "done_on",
    ]
