"""Reads for portal pages; each returns what a template needs, ready to use."""

from allauth.mfa.models import Authenticator
from django.db.models import Q
from wagtail.models import Locale, Page, Site

from portal.models import FooterText, ProgrammePage


def menu_pages_for_request(*, request):
    """Top-level pages marked "show in menus", in the active language."""
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none()
    root = site.root_page.localized
    return (
        root.get_children()
        .live()
        .public()
        .in_menu()
        .only("title", "url_path", "locale_id", "depth", "path")
    )


def page_translations_live(*, page):
    """The live translations of ``page`` (itself included), with their locales."""
    return page.get_translations(inclusive=True).live().select_related("locale")


def footer_text_body(*, locale):
    """The footer text in ``locale``, else the first one written, else ""."""
    footer = FooterText.objects.filter(locale=locale).first()
    if footer is None:
        footer = FooterText.objects.order_by("pk").first()
    return footer.body if footer else ""


def pages_search(*, words, locale):
    """Live public pages in ``locale`` that match ``words`` (see search_words)."""
    return Page.objects.live().public().filter(locale=locale).specific().search(words)


def user_has_totp(*, user):
    """Whether the account has set up an authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def programmes_live(*, locale=None, limit=None):
    queryset = (
        ProgrammePage.objects.live()
        .public()
        .filter(locale=locale or Locale.get_active())
        .select_related("image")
        .order_by("-start_date", "title")
    )
    return queryset[:limit] if limit else queryset


def site_for_request(*, request):
    """The Wagtail site serving ``request``, else the default site."""
    return Site.find_for_request(request) or Site.objects.get(is_default_site=True)


def pages_in_site_for_sitemap(*, site):
    """Live public pages of every language tree under the site's root."""
    roots = site.root_page.get_translations(inclusive=True)
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return Page.objects.live().public().filter(condition).order_by("path").specific()
