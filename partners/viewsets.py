"""Staff screens in the Wagtail admin: the "Partners" menu."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log

from partners import reports, services
from partners.models import (
    Agreement,
    AgreementDocument,
    AgreementState,
    Institution,
    Membership,
    PartnerActivity,
    ScopeArea,
)
from portal import extensions
from portal.audit import AuditedExportMixin


class AdminModelViewSet(AuditedExportMixin, ModelViewSet):
    """Wagtail's form widgets (date pickers, https URLs) for plain model forms;
    every spreadsheet export is audit-logged."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        return formfield_for_dbfield(db_field, **kwargs)


def _action_view(*, model, permission, template, title, perform, index_url_name):
    """A GET-confirm, POST-perform admin view for one object (verify, approve...)."""

    def view(request, pk):
        if not request.user.has_perm(f"partners.{permission}_{model._meta.model_name}"):
            raise PermissionDenied
        instance = get_object_or_404(model, pk=pk)
        if request.method == "POST":
            try:
                done = perform(instance=instance, user=request.user)
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            else:
                messages.success(request, done)
            return redirect(index_url_name)
        return TemplateResponse(
            request,
            template,
            {
                "object": instance,
                "page_title": title,
                "header_icon": "help",
                "cancel_url": reverse(index_url_name),
            },
        )

    return view


# --- Institutions -------------------------------------------------------------


class InstitutionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("partners.change_institution"):
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
        context["agreement_count"] = self.object.agreements.count()
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
    log(instance, "partners.verify", user=user)
    return _("%(name)s is verified and listed publicly.") % {"name": instance}


def _archive(*, instance, user):
    if instance.is_archived:
        instance.archived_at = None
        done = _("%(name)s is listed again.")
    else:
        instance.archived_at = timezone.now()
        done = _("%(name)s is archived: hidden from the public and from members.")
    instance.save(update_fields=["archived_at", "updated_at"])
    log(instance, "partners.archive", user=user)
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
    list_filter = ["kind", "province", "is_verified"]
    search_fields = ["name", "short_name", "city"]
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
                _action_view(
                    model=Institution,
                    permission="change",
                    template="partners/admin/confirm_action.html",
                    title=gettext_lazy("Verify this institution?"),
                    perform=_verify,
                    index_url_name=self.get_url_name("index"),
                ),
                name="verify",
            ),
            path(
                "archive/<int:pk>/",
                _action_view(
                    model=Institution,
                    permission="change",
                    template="partners/admin/confirm_action.html",
                    title=gettext_lazy("Archive or restore this institution?"),
                    perform=_archive,
                    index_url_name=self.get_url_name("index"),
                ),
                name="archive",
            ),
        ]


# --- Memberships --------------------------------------------------------------


class MembershipIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "institution")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state == Membership.State.PENDING and self.request.user.has_perm(
            "partners.change_membership"
        ):
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
                    _action_view(
                        model=Membership,
                        permission="change",
                        template="partners/admin/confirm_action.html",
                        title=title,
                        perform=perform,
                        index_url_name=self.get_url_name("index"),
                    ),
                    name=action,
                )
            )
        return urls


# --- Agreements ---------------------------------------------------------------


class AgreementIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("partners")


class AgreementInspectView(InspectView):
    template_name = "partners/admin/agreement_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context["activities"] = extensions.agreement_activities(agreement_ids={agreement.pk})
        context["documents"] = agreement.documents.select_related("uploaded_by")
        context["children"] = agreement.children.all()
        return context


class AgreementFilterSet(WagtailFilterSet):
    """The kind, partners and scope as stored, and the state as derived from
    the dates today (in force, expiring within 90 days, expired...)."""

    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=AgreementState.choices, method="filter_state"
    )

    class Meta:
        model = Agreement
        fields = ["state", "kind", "partners", "scope_areas"]

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)


class AgreementViewSet(AdminModelViewSet):
    model = Agreement
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Agreements")
    name = "partners_agreements"
    url_prefix = "partners/agreements"
    index_view_class = AgreementIndexView
    inspect_view_class = AgreementInspectView
    list_display = ["title", "kind", "partner_names", "start_date", "end_date", "state_label"]
    filterset_class = AgreementFilterSet
    search_fields = ["title", "host_number", "partner_number", "partners__name"]
    list_export = [
        "kind",
        "title",
        "host_number",
        "partner_number",
        "partner_names",
        "signed_on",
        "start_date",
        "end_date",
        "state_label",
        "terminated_on",
    ]
    export_filename = "agreements"
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = ["created_at", "updated_at"]


class AgreementDocumentCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.uploaded_by = self.request.user
        instance.save()
        return instance


class AgreementDocumentViewSet(AdminModelViewSet):
    model = AgreementDocument
    icon = "doc-full"
    menu_label = gettext_lazy("Signed documents")
    name = "partners_documents"
    url_prefix = "partners/documents"
    add_view_class = AgreementDocumentCreateView
    list_display = ["title", "agreement", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "agreement__title"]
    list_export = ["title", "agreement", "uploaded_by", "uploaded_at"]
    export_filename = "agreement-documents"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["agreement", "title", "file"]


class PartnerActivityViewSet(AdminModelViewSet):
    model = PartnerActivity
    icon = "date"
    menu_label = gettext_lazy("Other activities")
    name = "partners_activities"
    url_prefix = "partners/activities"
    list_display = ["title", "kind", "agreement", "date", "participants"]
    list_filter = ["kind"]
    search_fields = ["title", "agreement__title"]
    list_export = ["date", "kind", "title", "agreement", "participants", "evidence_url"]
    export_filename = "partner-activities"
    inspect_view_enabled = True
    form_fields = ["agreement", "kind", "title", "date", "participants", "evidence_url", "notes"]


class ScopeAreaViewSet(AdminModelViewSet):
    model = ScopeArea
    icon = "tag"
    menu_label = gettext_lazy("Scope areas")
    name = "partners_scope_areas"
    url_prefix = "partners/scope-areas"
    list_display = ["name"]
    search_fields = ["name"]
    form_fields = ["name"]
    copy_view_enabled = False


class ImplementationReportViewSet(ViewSet):
    """The implementation report (evidence per period) as CSV or XLSX."""

    icon = "table"
    menu_label = gettext_lazy("Implementation report")
    name = "partners_report"
    url_prefix = "partners/report"

    def get_urlpatterns(self):
        return [path("", reports.report_view, name="index")]


class PartnersViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Partners")
    menu_icon = "group"
    menu_order = 250
    items = (
        InstitutionViewSet,
        MembershipViewSet,
        AgreementViewSet,
        AgreementDocumentViewSet,
        PartnerActivityViewSet,
        ScopeAreaViewSet,
        ImplementationReportViewSet,
    )
