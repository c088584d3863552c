"""The "Partners" menu of the Wagtail admin, registered by partners/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from partners.admin.agreements import (
    AgreementDocumentViewSet,
    AgreementViewSet,
    PartnerActivityViewSet,
    ScopeAreaViewSet,
)
from partners.admin.categories import PartnerCategoryViewSet
from partners.admin.followups import FollowUpViewSet
from partners.admin.institutions import InstitutionChangeViewSet, InstitutionViewSet
from partners.admin.memberships import MembershipViewSet
from partners.admin.recap import YearlyRecapViewSet
from partners.admin.report import ImplementationReportViewSet


class PartnersViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Partners")
    menu_icon = "group"
    menu_order = 250
    items = (
        InstitutionViewSet,
        InstitutionChangeViewSet,
        MembershipViewSet,
        AgreementViewSet,
        AgreementDocumentViewSet,
        PartnerActivityViewSet,
        FollowUpViewSet,
        ScopeAreaViewSet,
        ImplementationReportViewSet,
        YearlyRecapViewSet,
        PartnerCategoryViewSet,
    )
