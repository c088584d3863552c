"""Reads for portal pages; each returns what a template needs, ready to use."""

from django.db.models import Q
from wagtail.models import Locale, Page, Site

from portal.models import ProgrammePage


def menu_pages_for_request(*, request):
    """Top-level pages marked "show in menus", in the active language."""
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none()
    root = site.root_page.localized
    return (
        root.get_children()
        .live()
        .public()
        .in_menu()
        .only("title", "url_path", "locale_id", "depth", "path")
    )


def programmes_live(*, locale=None, limit=None):
    queryset = (
        ProgrammePage.objects.live()
        .public()
        .filter(locale=locale or Locale.get_active())
        .select_related("image")
        .order_by("-start_date", "title")
    )
    return queryset[:limit] if limit else queryset


def pages_in_site_for_sitemap(*, site):
    """Live public pages of every language tree under the site's root."""
    roots = site.root_page.get_translations(inclusive=True)
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return Page.objects.live().public().filter(condition).order_by("path").specific()
