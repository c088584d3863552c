"""Staff screen: agreements, with their signed documents, the activities
recorded by hand under them and the scope areas they cover."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import CreateView, IndexView, InspectView

from partners import selectors, services
from partners.admin.base import AdminModelViewSet
from partners.models import (
    Agreement,
    AgreementDocument,
    AgreementState,
    PartnerActivity,
    ScopeArea,
)
from portal import extensions


class AgreementIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("partners")


class AgreementInspectView(InspectView):
    template_name = "partners/admin/agreement_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context["activities"] = extensions.agreement_activities(agreement_ids={agreement.pk})
        context["documents"] = selectors.agreement_documents(agreement=agreement)
        context["children"] = selectors.agreement_children(agreement=agreement)
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
