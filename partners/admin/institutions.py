"""Staff screen: institutions (list, edit, verify, archive or restore, delete)."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.widgets.button import ListingButton

from partners import selectors, services
from partners.admin.base import AdminModelViewSet, action_view
from partners.admin.permissions import can_change_institution
from partners.models import Institution, InstitutionChange


class InstitutionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_change_institution(self.request.user):
            if not instance.is_verified:
                buttons.append(
                    ListingButton(
                        _("Verify"),
                        url=reverse("partners_institutions:verify", args=[instance.pk]),
                        icon_name="success",
                        priority=5,
                    )
                )
            buttons.append(
                ListingButton(
                    _("Restore") if instance.is_archived else _("Archive"),
                    url=reverse("partners_institutions:archive", args=[instance.pk]),
                    icon_name="folder-open-inverse",
                    priority=25,
                )
            )
        return buttons


class InstitutionDeleteView(DeleteView):
    template_name = "partners/admin/institution_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreement_count"] = selectors.institution_agreement_count(institution=self.object)
        context["archive_url"] = reverse("partners_institutions:archive", args=[self.object.pk])
        return context

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "%(name)s cannot be deleted: agreements, visits or events refer to it. "
                    "Archive it instead; nothing is lost."
                )
                % {"name": self.object},
            )
            return redirect("partners_institutions:edit", self.object.pk)


def _verify(*, instance, user):
    services.institution_verify(institution=instance, by=user)
    return _("%(name)s is verified and listed publicly.") % {"name": instance}


def _archive_or_restore(*, instance, user):
    if instance.is_archived:
        services.institution_restore(institution=instance, by=user)
        done = _("%(name)s is listed again.")
    else:
        services.institution_archive(institution=instance, by=user)
        done = _("%(name)s is archived: hidden from the public and from members.")
    return done % {"name": instance}


class InstitutionViewSet(AdminModelViewSet):
    model = Institution
    icon = "group"
    menu_label = gettext_lazy("Institutions")
    name = "partners_institutions"
    url_prefix = "partners/institutions"
    index_view_class = InstitutionIndexView
    delete_view_class = InstitutionDeleteView
    list_display = ["name", "kind", "province", "city", "is_verified", "archived_at"]
    list_filter = ["kind", "category", "province", "is_verified"]
    search_fields = ["name", "short_name", "city"]
    # The site search indexes institutions; staff keep the database filter
    # (partial words, every admin filter).
    search_backend_name = None
    list_export = [
        "name",
        "short_name",
        "kind",
        "city",
        "province",
        "website",
        "email",
        "phone",
        "is_verified",
        "verified_at",
        "archived_at",
    ]
    export_filename = "institutions"
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = ["is_verified", "verified_at", "archived_at", "created_by"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "verify/<int:pk>/",
                action_view(
                    fetch=selectors.institution_for_staff,
                    allowed=can_change_institution,
                    title=gettext_lazy("Verify this institution?"),
                    perform=_verify,
                    index_url_name=self.get_url_name("index"),
                ),
                name="verify",
            ),
            path(
                "archive/<int:pk>/",
                action_view(
                    fetch=selectors.institution_for_staff,
                    allowed=can_change_institution,
                    title=gettext_lazy("Archive or restore this institution?"),
                    perform=_archive_or_restore,
                    index_url_name=self.get_url_name("index"),
                ),
                name="archive",
            ),
        ]


class InstitutionChangeIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("institution", "requested_by")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_change_institution(self.request.user) and instance.state == "pending":
            for action, label, icon in (
                ("approve", _("Approve"), "success"),
                ("decline", _("Decline"), "cross"),
            ):
                buttons.append(
                    ListingButton(
                        label,
                        url=reverse(f"partners_institution_changes:{action}", args=[instance.pk]),
                        icon_name=icon,
                        priority=5,
                    )
                )
        return buttons


def _approve_change(*, instance, user):
    services.institution_change_approve(change=instance, by=user)
    return _("The institution is now called %(name)s.") % {"name": instance.name}


def _decline_change(*, instance, user):
    services.institution_change_decline(change=instance, by=user)
    return _("The change of name to %(name)s was declined.") % {"name": instance.name}


class InstitutionChangeViewSet(AdminModelViewSet):
    """Changes of name or legal data asked by coordinators: staff approve or
    decline them; nothing else is edited here."""

    model = InstitutionChange
    icon = "edit"
    menu_label = gettext_lazy("Changes of name")
    name = "partners_institution_changes"
    url_prefix = "partners/institution-changes"
    index_view_class = InstitutionChangeIndexView
    list_display = ["institution", "name", "short_name", "kind", "state", "requested_by"]
    list_filter = ["state"]
    list_export = ["institution", "name", "short_name", "kind", "state", "requested_at"]
    export_filename = "institution-changes"
    copy_view_enabled = False
    inspect_view_enabled = True
    # Staff hold only the view permission (migration 0006): no add, edit or
    # delete screen; the decision is the approve and decline actions.
    form_fields = ["name", "short_name", "kind"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "approve/<int:pk>/",
                action_view(
                    fetch=selectors.institution_change_for_staff,
                    allowed=can_change_institution,
                    title=gettext_lazy("Approve this change of name?"),
                    perform=_approve_change,
                    index_url_name=self.get_url_name("index"),
                ),
                name="approve",
            ),
            path(
                "decline/<int:pk>/",
                action_view(
                    fetch=selectors.institution_change_for_staff,
                    allowed=can_change_institution,
                    title=gettext_lazy("Decline this change of name?"),
                    perform=_decline_change,
                    index_url_name=self.get_url_name("index"),
                ),
                name="decline",
            ),
        ]
