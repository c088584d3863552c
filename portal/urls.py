from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.sitemaps import PortalSitemap

urlpatterns = [
    # Wagtail's own login form has no brute-force protection: send it to
    # allauth's, which is rate limited and asks staff for their TOTP code.
    path("admin/login/", views.admin_login_redirect, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PortalSitemap}},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz/", views.healthz, name="healthz"),
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
    path("accounts/", include("allauth.urls")),
    path("search/", views.search, name="search"),
    path("", include("news.urls")),
    path("", include("partners.urls")),
    path("", include("partners.events.urls")),
    path("", include("visits.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
