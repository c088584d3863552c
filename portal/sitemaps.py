from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site

from portal.selectors import pages_in_site_for_sitemap


class PortalSitemap(Sitemap):
    """Wagtail's sitemap, extended to every language tree of the site."""

    def items(self):
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        return pages_in_site_for_sitemap(site=site)
