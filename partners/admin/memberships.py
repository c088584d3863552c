"""Staff screen: memberships (list, edit, approve or decline a request)."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log

from partners import selectors, services
from partners.admin.base import AdminModelViewSet, action_view
from partners.admin.permissions import can_decide_membership
from partners.models import Membership


class MembershipIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "institution")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state == Membership.State.PENDING and can_decide_membership(self.request.user):
            for action, label, icon in (
                ("approve", _("Approve"), "success"),
                ("decline", _("Decline"), "cross"),
            ):
                buttons.append(
                    ListingButton(
                        label,
                        url=reverse(f"partners_memberships:{action}", args=[instance.pk]),
                        icon_name=icon,
                        priority=5,
                    )
                )
        return buttons


def _approve(*, instance, user):
    services.membership_approve(membership=instance, by=user)
    log(instance, "partners.approve", user=user)
    return _("%(name)s is now a member.") % {"name": instance.user}


def _decline(*, instance, user):
    services.membership_decline(membership=instance, by=user)
    log(instance, "partners.decline", user=user)
    return _("The request of %(name)s was declined.") % {"name": instance.user}


class MembershipViewSet(AdminModelViewSet):
    model = Membership
    icon = "user"
    menu_label = gettext_lazy("Memberships")
    name = "partners_memberships"
    url_prefix = "partners/memberships"
    index_view_class = MembershipIndexView
    list_display = ["user", "institution", "role", "state", "created_at"]
    list_filter = ["state", "role"]
    search_fields = ["user__email", "user__full_name", "institution__name"]
    list_export = ["user", "institution", "role", "state", "job_title", "created_at", "decided_at"]
    export_filename = "memberships"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["user", "institution", "role", "job_title"]

    def get_urlpatterns(self):
        urls = super().get_urlpatterns()
        for action, perform, title in (
            ("approve", _approve, gettext_lazy("Approve this membership?")),
            ("decline", _decline, gettext_lazy("Decline this membership?")),
        ):
            urls.append(
                path(
                    f"{action}/<int:pk>/",
                    action_view(
                        fetch=selectors.membership_for_staff,
                        allowed=can_decide_membership,
                        title=title,
                        perform=perform,
                        index_url_name=self.get_url_name("index"),
                    ),
                    name=action,
                )
            )
        return urls
