"""Staff screen: follow-up actions agreed at visits or under agreements, with
the overdue ones one filter away."""

import django_filters
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import InspectView

from partners.admin.base import AdminModelViewSet
from partners.admin.permissions import require
from partners.evidence import follow_up_evidence_response
from partners.models import FollowUp
from portal import audit


def can_view_follow_ups(user):
    return user.has_perm("partners.view_followup")


def evidence_view(request, pk):
    """Staff download a follow-up's evidence file (audit-logged)."""
    require(can_view_follow_ups(request.user))
    follow_up = FollowUp.objects.filter(pk=pk).first()
    if follow_up is None or not follow_up.evidence_file:
        raise Http404
    audit.record(request.user, "follow_up_evidence.download", target=follow_up, request=request)
    return follow_up_evidence_response(follow_up)


class FollowUpInspectView(InspectView):
    def get_evidence_file_display_value(self):
        if not self.object.evidence_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("partners_follow_ups:evidence", args=[self.object.pk]),
            _("Download %(name)s") % {"name": self.object.evidence_file_name},
        )


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
    inspect_view_class = FollowUpInspectView
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
        "evidence_file",
        "note",
        "done_on",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("evidence/<int:pk>/", evidence_view, name="evidence"),
        ]
