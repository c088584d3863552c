"""Wagtail's page routing, remembered until a page changes.

Wagtail finds the page for a URL by walking the tree from the site's root:
the site, the active locale, the localized root, then each path component's
child and its specific page, about six queries and a fifth of an article's
render. The outcome (site, page, and the part of the path the page routes
itself, e.g. a news index's month) depends only on the tree, so it is kept
in the shared cache (and each process's memory, ``portal.layered_cache``)
under the page tags (``pages`` and ``news``, bumped by
any page published, unpublished, moved or deleted, and by a site or locale
saved: ``portal.receivers``). A request that finds it reads the page alone,
by its id, still live, and whether any view restriction applies to it
(``KnownRestrictionsMixin``: Wagtail's check then reads nothing for an
open page); anything else routes as Wagtail does. The site comes from
``KnownSiteMiddleware`` below, kept the same way.

``serve`` replaces ``wagtail.views.serve`` in ``portal.urls`` and hands it
the route; the view restrictions, hooks and the page's own ``serve`` run as
before.
"""

from django.apps import apps
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from portal.page_cache import fragments, stamp

# The apps whose page models the routes lead to (portal.receivers bumps
# these when a page of theirs changes).
ROUTE_TAGS = ("pages", "news")
ROUTE_SECONDS = 3600


def _host(request):
    # As Wagtail matches sites: the raw host (checked against ALLOWED_HOSTS
    # by CommonMiddleware before any of this runs) and the port.
    return f"{request._get_raw_host()}:{request.get_port()}"


def _key(request, path):
    return f"route:v3:{stamp(ROUTE_TAGS)}:{_host(request)}:{get_language()}:{path}"


def _recall(request, path):
    """Set Wagtail's per-request route from the cache; False when unknown."""
    key = _key(request, path)
    kept = fragments.get(key)
    if kept is None:
        return key, False
    label, page_id, rest, unrestricted = kept
    model = apps.get_model(label)
    page = model.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return key, False
    page.known_unrestricted = unrestricted
    try:
        route = page.route(request, list(rest))
    except Http404:
        return key, False
    request._wagtail_route_for_request = route
    return key, True


def _remember(key, request, path):
    route = Page.route_for_request(request, path)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None:
        return
    page = route[0]
    components = [component for component in path.split("/") if component]
    # One path component per level below the site's root: what is left is
    # the page's own route (a routable page's feed or month).
    consumed = page.depth - site.root_page.depth
    if consumed < 0 or consumed > len(components):
        return
    unrestricted = not page.get_view_restrictions().exists()
    # Wagtail's check of this request need not ask again.
    page.known_unrestricted = unrestricted
    entry = (page._meta.label, page.pk, tuple(components[consumed:]), unrestricted)
    fragments.set(key, entry, ROUTE_SECONDS)


def _site_key(request):
    return f"site:v1:{stamp(ROUTE_TAGS)}:{_host(request)}"


def _kept_site(request):
    """The request's site from the shared cache, else Wagtail's lookup (kept)."""
    key = _site_key(request)
    site = fragments.get(key)
    if site is None:
        # What Site.find_for_request does before it remembers the answer on
        # the request (calling it here would ask this property again).
        site = Site._find_for_request(request)
        if site is not None:
            fragments.set(key, site, ROUTE_SECONDS)
    return site


_SITE_AWARE = {}


def _site_aware(request_class):
    """``request_class`` whose ``_wagtail_site`` (where Wagtail remembers the
    request's site) is looked up in the shared cache when first read."""
    if request_class not in _SITE_AWARE:
        attributes = {"_wagtail_site": cached_property(_kept_site), "__module__": __name__}
        _SITE_AWARE[request_class] = type(request_class.__name__, (request_class,), attributes)
    return _SITE_AWARE[request_class]


class KnownSiteMiddleware:
    """Hands Wagtail the request's site from the shared cache.

    Wagtail looks the site up by host and port once a request (menus, site
    settings, ``{% wagtail_site %}``: one query that costs more to build
    than to run). Here the request learns to find it in the shared cache
    the first time Wagtail asks, kept under the page tags (a site saved
    bumps them); a request that needs no site (a feed, the API, a health
    check) costs nothing. Placed after CommonMiddleware, so the host is
    one of ALLOWED_HOSTS by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.__class__ = _site_aware(request.__class__)
        return self.get_response(request)


def serve(request, path):
    key, found = _recall(request, path)
    if not found:
        _remember(key, request, path)
    return wagtail_views.serve(request, path)
