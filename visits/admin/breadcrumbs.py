"""Breadcrumbs shared by the staff screens of visits."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class PageTitleBreadcrumbsMixin:
    """A screen of its own: home, then its title (not the bare "Home")."""

    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": "", "label": self.get_page_title()},
        ]
