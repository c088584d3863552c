from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from portal import admin_account, routing, sitemaps, views
from portal.ratelimit import rate_limit
from portal.search import views as search_views

urlpatterns = [
    # Wagtail's own login form has no brute-force protection: send it to
    # allauth's, which is rate limited and asks staff for their TOTP code.
    path("admin/login/", views.admin_login_redirect, name="wagtailadmin_login"),
    # Wagtail's account page with the portal's full-name panel (portal/admin_account.py).
    path("admin/account/", admin_account.account_view, name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    # Shared passwords of private collections are switched off, but a
    # restriction made outside the admin would still take guesses: limit them.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        rate_limit("page_password", methods={"POST"})(wagtaildocs_serve.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz/", views.healthz, name="healthz"),
    # The public read-only API (portal/api); one address for every language.
    path("api/v2/", include("portal.api.urls")),
    # The staff's private calendar feeds of study visits (visits/feeds.py).
    path("kunjungan/", include("visits.feed_urls")),
]

if settings.PORTAL_BENCH_CEILING:
    urlpatterns.append(path("bench/ceiling/", views.bench_ceiling))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    urlpatterns += [
        path("404/", TemplateView.as_view(template_name="404.html")),
        path("500/", TemplateView.as_view(template_name="500.html")),
    ]

# Indonesian pages live at /, English ones under /en/: one language per URL.
urlpatterns += i18n_patterns(
    path("accounts/preferences/", views.preferences, name="preferences"),
    path("accounts/privacy/", include("portal.privacy.urls")),
    path("accounts/oidc/", include("portal.sso")),
    path("accounts/", include("allauth.urls")),
    path("search/", search_views.search, name="search"),
    path("", include("news.urls")),
    path("", include("partners.urls")),
    path("", include("partners.events.urls")),
    path("", include("visits.urls")),
    # Wagtail's front-end password login (include(wagtail_urls) below) knows
    # nothing of e-mail verification, rate limits or TOTP: every sign-in goes
    # through allauth's page instead, keeping ``next``.
    path("_util/login/", views.admin_login_redirect, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        rate_limit("page_password", methods={"POST"})(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    # Pages: Wagtail's serve view, with routes kept (portal.routing).
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
