"""Whole-response cache for anonymous readers, flushed by dependency.

Public pages are the same for every anonymous reader (no cookies, no CSRF
token; the language is in the URL), so the first render is kept in the
default cache (Redis in production, shared by all app servers) and served to
the next readers without touching the database.

Freshness, by dependency: each kept page names the *tags* of what it shows
(``news``, ``events``, ``partners``, ``menus``, ``settings``, ``pages``,
``media``, ``visits``, ``seats``, ``users``, see ``PAGE_TAGS`` and ``URL_TAGS``; a page
not named there depends on every tag but ``visits``, ``seats`` and ``users``). A change bumps only its own tags
(``portal.receivers``): a news edit flushes the news index, the articles and
the home page, not the events list or the partner directory; a visit
approval flushes only the public visiting calendar. Each tag's version is the
time of its last change; a hit reads every tag's version and the page in one
round trip, and an entry older than one of its tags is stale.

No herd: in the first ``PORTAL_PAGE_CACHE_STALE_SECONDS`` after a change,
one request (the one that takes a short lock) renders the page again while
the others are served the stale copy; the first reader after a change is
always the one that renders, so a lone reader never sees the old page.

Freshness, by the clock: a page that changes at a known instant without any
row changing (an event page whose registration opens or closes, or whose
next date passes) names that instant with ``fresh_until``; its copy is not
served from then on, and the next reader gets a fresh render.

Fragments: the same tag versions key small cached parts of every page (the
menus, the footer, the site settings) so a miss need not query for them; see
``cached_fragment``.

Compression: a kept text response is also gzipped once, when it is stored,
and that copy goes to every client that accepts gzip (every browser and
calendar app does). The all-events feed shrinks about 24 times, and nginx
passes an already compressed body through untouched. Compressing is safe
here: kept pages hold no secret (no CSRF token, no session), so BREACH has
nothing to recover.
"""

import contextvars
import hashlib
import math
import re
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string

TAGS = (
    "pages",
    "news",
    "events",
    "partners",
    "menus",
    "settings",
    "media",
    "visits",
    "seats",
    "users",
)
# What every page shows around its content: header and footer menus, the
# site settings, images.
CHROME = ("pages", "menus", "settings", "media")
# A page that names nothing shows anything but the visits calendar, the
# seats left for an event (shown on the event's own page only) and the
# accounts (``users``: who they are and what they may do; staff screens
# keep their lists of colleagues under it).
DEFAULT_TAGS = tuple(tag for tag in TAGS if tag not in ("visits", "seats", "users"))
# Wagtail pages by model, and other views by URL namespace or name.
PAGE_TAGS = {
    "news.NewsIndexPage": (*CHROME, "news", "partners"),
    "news.NewsPage": (*CHROME, "news", "partners"),
}
URL_TAGS = {
    "events:event-detail": (*CHROME, "events", "partners", "seats"),
    "events": (*CHROME, "events", "partners"),
    "partners:directory": (*CHROME, "partners"),
    "partners:detail": (*CHROME, "partners", "news", "events"),
    "visits": (*CHROME, "visits"),
}
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
TAG_KEYS = {tag: f"page-cache:tag:{tag}" for tag in TAGS}
# Entries under keys stamped with the tags' versions (portal.layered_cache).
fragments = ConnectionProxy(caches, "fragments")

# The tag versions read at the start of this request (one round trip), for
# the fragments rendered during it.
_request_versions = contextvars.ContextVar("page_cache_versions", default=None)


def tag_versions():
    """Every tag's version: the time of its last change (0 when never changed).

    Read at most once a request (the middleware keeps them; a request it does
    not cache reads them only if a fragment asks)."""
    kept = _request_versions.get()
    if kept:
        return kept
    versions = _versions(cache.get_many(list(TAG_KEYS.values())))
    if kept is not None:
        kept.update(versions)
    return versions


def _versions(found):
    """The tags' versions from what a read of ``TAG_KEYS`` ``found``.

    A tag never changed since the cache was emptied (a fresh install, Redis
    restarted) gets a version of a second ago, never 0: fragments kept in a
    process's memory (``cached_fragment``) from before the cache was emptied
    are then never taken for current, and a page rendered from now on is
    newer than its tags."""
    missing = [key for key in TAG_KEYS.values() if key not in found]
    if missing:
        now = time.time() - 1
        for key in missing:
            cache.add(key, now, timeout=None)
        found = {**found, **cache.get_many(missing)}
    return {tag: found.get(key, 0) for tag, key in TAG_KEYS.items()}


def current_generation():
    """The versions of all tags (changes when any tag is bumped)."""
    return tuple(sorted(tag_versions().items()))


def bump(*tags):
    """Mark ``tags`` changed, at once and again after the current transaction
    commits: a page rendered in between from the old rows is not kept."""
    tags = tuple(tag for tag in (tags or TAGS) if tag in TAG_KEYS)

    def now():
        stamp = time.time()
        cache.set_many({TAG_KEYS[tag]: stamp for tag in tags}, timeout=None)
        kept = _request_versions.get()
        if kept:
            kept.update(dict.fromkeys(tags, stamp))

    now()
    transaction.on_commit(now)


def bump_generation(**_kwargs):
    """Invalidate every cached page (after the current transaction commits)."""
    bump(*TAGS)


def depends_on(request, *tags):
    """Declare what the page being rendered for ``request`` shows."""
    request.page_cache_tags = tuple(tags)


def fresh_until(request, instant):
    """Declare that the page rendered for ``request`` changes by itself at
    ``instant`` (an aware datetime; None: no such moment). The earliest of
    several declarations counts."""
    if instant is None:
        return
    moment = instant.timestamp()
    kept = getattr(request, "page_cache_expires", None)
    request.page_cache_expires = moment if kept is None else min(kept, moment)


def stamp(tags):
    """A string that changes whenever one of ``tags`` does: part of the key of
    a fragment that shows them (``{% cache %}`` in a template, or below)."""
    versions = tag_versions()
    return "-".join(f"{versions[tag]}" for tag in tags)


def cached_fragment(name, tags, build, *, timeout=3600):
    """``build()``'s value, kept until one of ``tags`` changes (and at most
    ``timeout`` seconds), in the shared cache and each process's memory
    (the ``fragments`` cache, ``portal.layered_cache``).

    ``name`` must hold everything else the value depends on (locale, site).
    """
    key = f"fragment:{name}:{stamp(tags)}"
    value = fragments.get(key)
    if value is None:
        value = build()
        fragments.set(key, value, timeout)
    return value


def _page_tags(request):
    declared = getattr(request, "page_cache_tags", None)
    if declared:
        return declared
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in (match.view_name, match.namespace):
            if name in URL_TAGS:
                return URL_TAGS[name]
    return DEFAULT_TAGS


def _key(request, *, gzip):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page-cache:v5:{digest}:{'gzip' if gzip else 'plain'}"


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
        # The tag versions this request reads, kept for its fragments.
        token = _request_versions.set({})
        try:
            if not _cacheable_request(request):
                return self.get_response(request)
            return self._cached(request)
        finally:
            _request_versions.reset(token)

    def _cached(self, request):
        wants_gzip = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        key = _key(request, gzip=wants_gzip)
        # One round trip: every tag's version and the page.
        found = cache.get_many([*TAG_KEYS.values(), key])
        versions = _versions(found)
        _request_versions.get().update(versions)
        stored = found.get(key)
        if stored is not None:
            tags, rendered_at, expires_at = stored[0], stored[1], stored[2]
            changed = max((versions.get(tag, 0) for tag in tags), default=0)
            # A copy past its own moment of change is never served, not
            # even while another request renders the page anew.
            if expires_at is None or time.time() < expires_at:
                if changed < rendered_at:
                    return _from_cache(request, *stored[3:])
                if _serve_stale(request, key, changed):
                    response = _from_cache(request, *stored[3:])
                    response["X-Page-Cache"] = "stale"
                    return response
        return self._render(request, wants_gzip)

    def _render(self, request, wants_gzip):
        rendered_at = time.time()
        response = self.get_response(request)
        if getattr(request, "_page_cache_refreshing", False):
            cache.delete(_lock_key(request))
        if not _cacheable_response(request, response):
            return response
        tags = _page_tags(request)
        expires_at = getattr(request, "page_cache_expires", None)
        timeout = settings.PORTAL_PAGE_CACHE_SECONDS
        if expires_at is not None:
            if expires_at <= rendered_at:
                return response  # already out of date: not kept
            timeout = min(timeout, math.ceil(expires_at - rendered_at))
        gzipped = _compressed(response)
        if gzipped is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        headers = [(name, response[name]) for name in HEADERS_KEPT if name in response]
        plain = (tags, rendered_at, expires_at, response.status_code, headers, response.content)
        # Each variant under its own key, so a hit reads only the bytes it sends.
        compressed = plain
        if gzipped is not None:
            compressed = (
                tags,
                rendered_at,
                expires_at,
                response.status_code,
                _gzipped_headers(headers),
                gzipped,
            )
        cache.set_many(
            {_key(request, gzip=False): plain, _key(request, gzip=True): compressed},
            timeout,
        )
        response["X-Page-Cache"] = "miss"
        if wants_gzip and gzipped is not None:
            response.content = gzipped
            for name, value in _gzipped_headers(headers):
                response[name] = value
            response["Content-Length"] = str(len(gzipped))
        return response


def _lock_key(request):
    return _key(request, gzip=False) + ":refreshing"


def _serve_stale(request, key, changed):
    """True when another request is already rendering this stale page anew
    and the change is recent enough for the old copy to be served meanwhile."""
    window = settings.PORTAL_PAGE_CACHE_STALE_SECONDS
    if not window or time.time() - changed > window:
        return False
    # The first request after the change takes the lock and renders.
    if cache.add(_lock_key(request), 1, timeout=window):
        request._page_cache_refreshing = True
        return False
    return True


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
