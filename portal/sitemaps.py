"""/sitemap.xml: the Wagtail pages of every language tree, and the sections
the apps add through ``extensions.sitemap_sections`` (events, partners).

Addresses are on the host being served, as robots.txt's Sitemap line is:
Wagtail would use the Site record's hostname, which under `make run` or
behind a proxy may not be the address readers use. One file while it holds
at most MAX_URLS addresses, else a sitemap index of one file per section
(``/sitemap-<section>.xml``, paginated with ``?p=``), as sitemaps.org asks.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap

from portal import extensions
from portal.selectors import pages_in_site_for_sitemap, site_for_request

# sitemaps.org: at most 50,000 addresses in one file.
MAX_URLS = 50_000


class PortalSitemap(Sitemap):
    """Wagtail's sitemap, extended to every language tree of the site."""

    limit = MAX_URLS

    def items(self):
        return pages_in_site_for_sitemap(site=site_for_request(request=self.request))

    def _urls(self, page, protocol, domain):
        # Django's sitemap view passes the request's scheme and host.
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            query = f"?{parts.query}" if parts.query else ""
            url["location"] = f"{protocol}://{domain}{parts.path}{query}"
        return urls


class TranslatedSitemap(DjangoSitemap):
    """Objects shown on an app's pages (an event, a partner), in every
    language, each address with its ``hreflang`` alternates and x-default.

    ``items`` is the queryset (read once); ``location(item)`` gives the
    item's path in the active language (a ``reverse`` call); ``lastmod``
    names the field of the item's last real change.
    """

    i18n = True
    alternates = True
    x_default = True
    limit = MAX_URLS

    def __init__(self, *, items, location, lastmod="updated_at"):
        self._queryset = items
        self._location_of = location
        self._lastmod_field = lastmod

    def items(self):
        return self._queryset.all()

    def location(self, item):
        return self._location_of(item)

    def lastmod(self, item):
        return getattr(item, self._lastmod_field)


class SectionPagesSitemap(DjangoSitemap):
    """An app's own listing pages (the events calendar, the partner
    directory, the visit guide) in every language, with their ``hreflang``
    alternates; ``url_names`` are the pages' URL names. No lastmod: a
    listing changes with every item in it."""

    i18n = True
    alternates = True
    x_default = True

    def __init__(self, url_names):
        self._url_names = list(url_names)

    def items(self):
        return self._url_names

    def location(self, item):
        return reverse(item)


def sitemap_sections(request):
    """Every section of the sitemap, the Wagtail pages first."""
    return {"pages": PortalSitemap(request), **extensions.sitemap_sections(request=request)}


def sitemap(request):
    """One sitemap of every section; an index of the sections when too long."""
    sections = sitemap_sections(request)
    if sum(section.paginator.count for section in sections.values()) <= MAX_URLS:
        return sitemap_views.sitemap(request, sitemaps=sections)
    return sitemap_views.index(request, sitemaps=sections, sitemap_url_name="sitemap-section")


def sitemap_section(request, section):
    """One section of the sitemap index (``?p=`` picks a page of it)."""
    return sitemap_views.sitemap(request, sitemaps=sitemap_sections(request), section=section)
