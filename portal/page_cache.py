"""Whole-response cache for anonymous readers, emptied by any content change.

Public pages are the same for every anonymous reader (no cookies, no CSRF
token; the language is in the URL), so the first render is kept in the
default cache (Redis in production, shared by all app servers) and served to
the next readers without touching the database.

Freshness: every key carries a site-wide *generation* number. Publishing or
unpublishing a page, and saving or deleting any record of the portal's apps
(an event, a partner, an agreement, a visit, a setting, an image...), bumps
it, so the next request renders anew. A reader never sees a stale page once
the change is committed; entries also expire after PORTAL_PAGE_CACHE_SECONDS.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

GENERATION_KEY = "page-cache:generation"
HEADERS_KEPT = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Link",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
)
BYPASS_COOKIES = ("sessionid", "messages")


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def bump_generation(**_kwargs):
    """Invalidate every cached page (after the current transaction commits)."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.add(GENERATION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def _key(request, generation):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page-cache:{generation}:{digest}"


def _cacheable_request(request):
    if not settings.PORTAL_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.COOKIES for name in BYPASS_COOKIES):
        return False
    return not request.path.startswith(settings.PORTAL_PAGE_CACHE_EXCLUDE)


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that holds a CSRF token belongs to one browser. (Vary: Cookie is
    # fine otherwise: requests carrying a session are never served from here.)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    # A nonce must never be served twice: pages with inline scripts are not kept.
    return "nonce-" not in response.get("Content-Security-Policy", "")


class PublicPageCacheMiddleware:
    """Placed right after SecurityMiddleware; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, current_generation())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            # Conditional requests (calendar apps polling a feed) still get a 304.
            kept = dict(headers)
            modified = kept.get("Last-Modified")
            conditional = get_conditional_response(
                request,
                etag=kept.get("ETag"),
                last_modified=parse_http_date_safe(modified) if modified else None,
            )
            if status == 200 and conditional is not None:
                conditional["X-Page-Cache"] = "hit"
                return conditional
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = [(name, response[name]) for name in HEADERS_KEPT if name in response]
            cache.set(
                key,
                (response.status_code, headers, response.content),
                settings.PORTAL_PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response
