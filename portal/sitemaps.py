from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap

from portal.selectors import pages_in_site_for_sitemap, site_for_request


class PortalSitemap(Sitemap):
    """Wagtail's sitemap, extended to every language tree of the site.

    Addresses are on the host being served, as robots.txt's Sitemap line is:
    Wagtail would use the Site record's hostname, which under `make run` or
    behind a proxy may not be the address readers use.
    """

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
