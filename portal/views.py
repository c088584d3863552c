from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from portal import services
from portal.forms import PreferencesForm
from portal.utils.i18n import url_in_language


def _local_next(request, *, fallback):
    """``next`` from the form when it is a path on this site, else ``fallback``."""
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


@require_POST
def set_language(request):
    """Switch language and go to ``next``, remembering the choice for signed-in users.

    The switcher already sends the address of the page in the chosen language
    (its translation, or that language's home page), so ``next`` is used as
    it is; Django's own view would try to translate it a second time. A
    ``next`` that is not a path on this site leads to the home page, and an
    unknown language changes nothing.
    """
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(_local_next(request, fallback="/"))
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, language=language)
    response = HttpResponseRedirect(_local_next(request, fallback=url_in_language("/", language)))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        services.admin_language_follow(user=user)
        messages.success(request, _("Your settings have been saved."))
        return redirect(url_in_language(reverse("preferences"), user.preferred_language))
    return render(request, "account/preferences.html", {"form": form})


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /en/accounts/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def healthz(request):
    """Liveness for load balancers: the database and the cache answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "error"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error"
    except Exception:  # noqa: BLE001 - any cache failure means unhealthy
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def bench_ceiling(request):
    """A fixed answer through the full middleware stack: the ceiling that
    `make bench` compares every page with (routed only when
    PORTAL_BENCH_CEILING is on)."""
    return HttpResponse("ok", content_type="text/plain")


def admin_login_redirect(request):
    """/admin/login/ → the allauth sign-in page, keeping a safe ``next``."""
    target = resolve_url(settings.LOGIN_URL)
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"{target}?{urlencode({'next': next_url})}"
    return HttpResponseRedirect(target)
