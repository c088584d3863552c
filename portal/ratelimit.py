"""Fixed-window rate limits for public endpoints (search, feeds, forms).

allauth limits sign-in, sign-up and password reset itself; this covers the
portal's own public views. Counters live in the default cache (Redis in
production, shared by every app server); ``cache.add`` + ``cache.incr`` keep
them atomic there. Over the limit a view answers 429 with a translated page
and a Retry-After header.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate):
    """Turn "30/m" into (30, 60): requests allowed per window of seconds."""
    count, _, unit = rate.partition("/")
    return int(count), _UNITS[unit]


def client_ip(request):
    """The client address; behind a trusted proxy, the one it reports."""
    if getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.PORTAL_TRUSTED_PROXY_COUNT:
            return hops[-settings.PORTAL_TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def _ip_key(request):
    return "ip-" + hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]


def hit_key(scope, who, rate):
    """Count one action of ``who`` (any string) in ``scope``; True when over ``rate``."""
    if not rate:
        return False
    limit, window = parse_rate(rate)
    window_start = int(time.time()) // window
    key = f"ratelimit:{scope}:{who}:{window_start}"
    if cache.add(key, 1, timeout=window + 1):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return False


def hit(request, scope, *, methods=None):
    """Count one request; True when the client is over the limit for ``scope``."""
    if methods and request.method not in methods:
        return False
    return hit_key(scope, _ip_key(request), settings.PORTAL_RATE_LIMITS.get(scope))


def rate_limited_response(request, scope):
    _limit, window = parse_rate(settings.PORTAL_RATE_LIMITS[scope])
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(window)
    return response


def rate_limit(scope, *, methods=None):
    """Decorate a view: ``@rate_limit("search")`` or ``@rate_limit("forms", methods={"POST"})``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if hit(request, scope, methods=methods):
                return rate_limited_response(request, scope)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
