"""Staff screen: partner categories and their weights in the yearly recap (IKU 6)."""

from django.utils.translation import gettext_lazy

from partners.admin.base import AdminModelViewSet
from partners.models import PartnerCategory


class PartnerCategoryViewSet(AdminModelViewSet):
    model = PartnerCategory
    icon = "tag"
    menu_label = gettext_lazy("Partner categories (IKU 6)")
    name = "partners_categories"
    url_prefix = "partners/categories"
    list_display = ["name", "name_en", "weight", "sort_order"]
    search_fields = ["name", "name_en"]
    list_export = ["name", "name_en", "weight", "sort_order"]
    export_filename = "partner-categories"
    copy_view_enabled = False
    form_fields = ["name", "name_en", "weight", "sort_order"]
