"""Reads for portal pages; each returns what a template needs, ready to use."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Length, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Site

from portal.models import FooterText, Menu, MenuItem, MenuSection, ProgrammePage
from portal.models.menus import SECTION_URL_NAMES


def public_pages(queryset):
    """``queryset`` (of pages) without those under a view restriction,
    checked inside the query itself: Wagtail's ``.public()`` reads every
    restriction first, one more query each time, even when the queryset
    itself is never read (a filter form whose choices are kept)."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(restricted))


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


@dataclass
class MenuLink:
    title: str
    url: str
    current: str = ""  # the value for aria-current, set by the template tag


def menu_links_for_request(*, request, slot):
    """The links of the ``slot`` menu in the reader's language, or None when
    editors have not made that menu (the header then falls back to the page tree).

    A menu missing in this language falls back to the default language's.
    Page links go to the page's live translation in the reader's language, or
    to the page itself; links to unpublished or private pages are left out.
    Section links are reversed in the reader's language. Every menu of the
    request is read at once and kept on the request: one query when there is
    no menu, four for the header and footer together, however many links.
    """
    language = translation.get_language()
    cache_attribute = f"_portal_menu_links_{language}"
    links = getattr(request, cache_attribute, None)
    if links is None:
        links = _menu_links(request=request, language=language)
        setattr(request, cache_attribute, links)
    return links.get(slot)


def _menu_links(*, request, language):
    """{slot: [MenuLink, ...]} for every menu there is, in ``language``."""
    menus = {}
    items = Prefetch("items", queryset=MenuItem.objects.select_related("link_page"))
    for menu in Menu.objects.select_related("locale").prefetch_related(items):
        menus.setdefault(menu.slot, {})[menu.locale.language_code] = menu
    chosen = {}
    for slot, by_language in menus.items():
        menu = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
        chosen[slot] = menu or next(iter(by_language.values()))
    linked = [item.link_page for menu in chosen.values() for item in menu.items.all()]
    pages = _pages_in_language(pages=[page for page in linked if page], language=language)
    return {slot: _links(menu, pages, request) for slot, menu in chosen.items()}


def _pages_in_language(*, pages, language):
    """{translation_key: the live public page in ``language``, else the linked page}."""
    if not pages:
        return {}
    found = {}
    candidates = (
        Page.objects.live()
        .public()
        .filter(
            Q(locale__language_code=language) | Q(pk__in=[page.pk for page in pages]),
            translation_key__in=[page.translation_key for page in pages],
        )
        .select_related("locale")
        .only("title", "url_path", "translation_key", "locale__language_code", "depth", "path")
    )
    for page in candidates:
        if page.translation_key not in found or page.locale.language_code == language:
            found[page.translation_key] = page
    return found


def _links(menu, pages, request):
    links = []
    for item in menu.items.all():
        if item.link_page:
            page = pages.get(item.link_page.translation_key)
            if page is not None:
                links.append(MenuLink(item.label or page.title, page.get_url(request)))
        elif item.link_section:
            url = section_url(section=item.link_section)
            if url:
                links.append(MenuLink(item.label or str(MenuSection(item.link_section).label), url))
        elif item.link_url:
            links.append(MenuLink(item.label, item.link_url))
    return links


def section_url(*, section):
    """The address of a portal section (a ``MenuSection`` value) in the active
    language, or "" when that part of the portal is not installed."""
    try:
        return reverse(SECTION_URL_NAMES[section])
    except (KeyError, NoReverseMatch):
        return ""


def page_translations_live(*, page):
    """The live translations of ``page`` (itself included), with their locales."""
    return page.get_translations(inclusive=True).live().select_related("locale")


def footer_text_body(*, locale):
    """The footer text in ``locale``, else the first one written, else ""."""
    footer = FooterText.objects.filter(locale=locale).first()
    if footer is None:
        footer = FooterText.objects.order_by("pk").first()
    return footer.body if footer else ""


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
