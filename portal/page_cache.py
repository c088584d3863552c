"""Whole-response cache for anonymous readers, emptied by any content change.

Public pages are the same for every anonymous reader (no cookies, no CSRF
token; the language is in the URL), so the first render is kept in the
default cache (Redis in production, shared by all app servers) and served to
the next readers without touching the database.

Freshness: every entry carries a site-wide *generation* number. Publishing or
unpublishing a page, and saving or deleting any record of the portal's apps
(an event, a partner, an agreement, a visit, a setting, an image...), bumps
it, so the next request renders anew. A reader never sees a stale page once
the change is committed; entries also expire after PORTAL_PAGE_CACHE_SECONDS.

Compression: a kept text response is also gzipped once, when it is stored,
and that copy goes to every client that accepts gzip (every browser and
calendar app does). The all-events feed shrinks about 24 times, and nginx
passes an already compressed body through untouched. Compressing is safe
here: kept pages hold no secret (no CSRF token, no session), so BREACH has
nothing to recover.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string

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
    "Vary",
)
BYPASS_COOKIES = ("sessionid", "messages")
COMPRESSIBLE = re.compile(r"^(text/|application/(json|xml|rss\+xml|atom\+xml|ld\+json))")
COMPRESS_MIN_BYTES = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


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


def _key(request, *, gzip):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page-cache:v3:{digest}:{'gzip' if gzip else 'plain'}"


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
        wants_gzip = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        key = _key(request, gzip=wants_gzip)
        # One round trip: the generation and the page. An entry stored under
        # an older generation is stale and rendered anew.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            return _from_cache(request, *stored[1:])
        response = self.get_response(request)
        if not _cacheable_response(request, response):
            return response
        gzipped = _compressed(response)
        if gzipped is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        headers = [(name, response[name]) for name in HEADERS_KEPT if name in response]
        plain = (generation, response.status_code, headers, response.content)
        # Each variant under its own key, so a hit reads only the bytes it sends.
        compressed = plain
        if gzipped is not None:
            compressed = (generation, response.status_code, _gzipped_headers(headers), gzipped)
        cache.set_many(
            {_key(request, gzip=False): plain, _key(request, gzip=True): compressed},
            settings.PORTAL_PAGE_CACHE_SECONDS,
        )
        response["X-Page-Cache"] = "miss"
        if wants_gzip and gzipped is not None:
            response.content = gzipped
            for name, value in _gzipped_headers(headers):
                response[name] = value
            response["Content-Length"] = str(len(gzipped))
        return response


def _from_cache(request, status, headers, content):
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
    response["Content-Length"] = str(len(content))
    response["X-Page-Cache"] = "hit"
    return response


def _compressed(response):
    """The gzipped body of a text response worth compressing, else None."""
    if response.has_header("Content-Encoding"):
        return None
    if not COMPRESSIBLE.match(response.get("Content-Type", "")):
        return None
    if len(response.content) < COMPRESS_MIN_BYTES:
        return None
    gzipped = compress_string(response.content)
    return gzipped if len(gzipped) < len(response.content) else None


def _gzipped_headers(headers):
    """The headers of the gzipped copy. As with Django's GZipMiddleware the
    ETag becomes weak: the same content in other bytes."""
    changed = [("Content-Encoding", "gzip")]
    for name, value in headers:
        if name == "ETag" and value.startswith('"'):
            value = "W/" + value
        changed.append((name, value))
    return changed
