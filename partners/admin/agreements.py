"""Staff screen: agreements, with their signed documents, the activities
recorded by hand under them and the scope areas they cover."""

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from partners import selectors, services
from partners.admin.base import CONFIRM_TEMPLATE, AdminModelViewSet
from partners.admin.drafting import agreement_draft_view, draft_version_download_view
from partners.admin.permissions import can_renew_agreement, can_view_draft, require
from partners.models import (
    Agreement,
    AgreementDocument,
    AgreementState,
    PartnerActivity,
    ScopeArea,
)
from partners.models.agreements import hierarchy_errors
from portal import extensions
from portal.admin_filters import KeptChoicesMixin


class AgreementForm(WagtailAdminModelForm):
    """The agreement with its signatories. Agreement.clean checks the kind and
    dates against the parent; here the partners chosen are checked too (a
    child's partners are among its parent's), which the model cannot see."""

    def clean(self):
        cleaned = super().clean()
        partners = cleaned.get("partners")
        errors = hierarchy_errors(
            kind=cleaned.get("kind"),
            parent=cleaned.get("parent"),
            start_date=cleaned.get("start_date"),
            end_date=cleaned.get("end_date"),
            partner_ids=[partner.pk for partner in partners] if partners is not None else None,
            pk=self.instance.pk,
        )
        # The other tiers' errors come from Agreement.clean (the model's own check).
        if "partners" in errors and "partners" not in self.errors:
            self.add_error("partners", errors["partners"])
        return cleaned


def _renew_url(agreement):
    return reverse("partners_agreements:renew", args=[agreement.pk])


def _draft_url(agreement):
    return reverse("partners_agreements:draft", args=[agreement.pk])


def _drafting_button(user, agreement):
    """A link to the drafting screen while the agreement is unsigned, or once
    a draft exists (it stays readable)."""
    if not can_view_draft(user):
        return False
    return services.draft_is_open(agreement) or selectors.draft_for_agreement(agreement=agreement)


class AgreementIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related("partners")
            .select_related("renewed_by", "parent")
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if (
            can_renew_agreement(self.request.user)
            and not instance.terminated_on
            and instance.successor is None
        ):
            buttons.append(
                ListingButton(_("Renew"), url=_renew_url(instance), icon_name="rotate", priority=20)
            )
        if can_view_draft(self.request.user) and services.draft_is_open(instance):
            buttons.append(
                ListingButton(
                    _("Drafting with the partner"),
                    url=_draft_url(instance),
                    icon_name="comment",
                    priority=25,
                )
            )
        return buttons


class AgreementInspectView(InspectView):
    template_name = "partners/admin/agreement_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context["activities"] = extensions.agreement_activities(agreement_ids={agreement.pk})
        context["documents"] = selectors.agreement_documents(agreement=agreement)
        context["children"] = selectors.agreement_children(agreement=agreement)
        context["ancestors"] = selectors.agreement_ancestors(agreement=agreement)
        context["renewals"] = selectors.agreement_renewals(agreement=agreement)
        context["signatories"] = selectors.agreement_signatories(agreement=agreement)
        draft = selectors.draft_for_agreement(agreement=agreement)
        context["draft"] = draft
        context["agreed_version"] = (
            draft.versions.filter(agreed_at__isnull=False).first() if draft else None
        )
        return context

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        agreement = self.object
        if (
            can_renew_agreement(self.request.user)
            and not agreement.terminated_on
            and agreement.successor is None
        ):
            buttons.append(HeaderButton(_("Renew"), url=_renew_url(agreement), icon_name="rotate"))
        if _drafting_button(self.request.user, agreement):
            buttons.append(
                HeaderButton(
                    _("Drafting with the partner"), url=_draft_url(agreement), icon_name="comment"
                )
            )
        return buttons


def agreement_renew_view(request, pk):
    """GET asks to confirm; POST drafts the successor (``services.agreement_renew``)
    and opens it for editing. A refusal is shown as an error, nothing changed."""
    require(can_renew_agreement(request.user))
    agreement = selectors.agreement_for_staff(pk=pk)
    if agreement is None:
        raise Http404
    if request.method == "POST":
        try:
            with transaction.atomic():
                successor = services.agreement_renew(agreement=agreement, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("partners_agreements:inspect", agreement.pk)
        messages.success(
            request,
            _(
                "A draft renewal of “%(title)s” was created. Check the dates and signatories, "
                "then record the signing."
            )
            % {"title": agreement.title},
        )
        return redirect("partners_agreements:edit", successor.pk)
    return TemplateResponse(
        request,
        CONFIRM_TEMPLATE,
        {
            "object": agreement,
            "page_title": _("Renew this agreement?"),
            "header_icon": "rotate",
            "cancel_url": reverse("partners_agreements:inspect", args=[agreement.pk]),
        },
    )


class AgreementFilterSet(KeptChoicesMixin, WagtailFilterSet):
    """The kind, partners and scope as stored, and the state as derived from
    the dates today (in force, expiring within 90 days, expired...). The
    partner and scope selects are kept rendered until a partners record
    changes."""

    kept_choices = {
        "partners": (
            lambda: selectors.agreement_filter_choices()[0],
            ("agreement-filter-partners", ("partners",)),
        ),
        "scope_areas": (
            lambda: selectors.agreement_filter_choices()[1],
            ("agreement-filter-scopes", ("partners",)),
        ),
    }

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
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("host_number"), FieldPanel("partner_number")]),
            FieldPanel("partners"),
            FieldPanel("scope_areas"),
            FieldPanel("summary"),
            FieldPanel("parent"),
            FieldPanel("renews"),
            FieldRowPanel(
                [FieldPanel("signed_on"), FieldPanel("start_date"), FieldPanel("end_date")]
            ),
            InlinePanel("signatories", label=gettext_lazy("Signatories")),
            FieldPanel("terminated_on"),
            FieldPanel("termination_reason"),
        ],
        base_form_class=AgreementForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("renew/<int:pk>/", agreement_renew_view, name="renew"),
            path("draft/<int:pk>/", agreement_draft_view, name="draft"),
            path(
                "draft/<int:pk>/versions/<int:version>/download/",
                draft_version_download_view,
                name="draft-download",
            ),
        ]


class AgreementDocumentCreateView(CreateView):
    """The upload is stored by ``services.agreement_document_upload``."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.agreement_document_upload(
            agreement=data["agreement"],
            title=data["title"],
            file=data["file"],
            by=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


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
