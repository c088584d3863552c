from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html_join
from wagtail.models import Locale, Page

from portal import extensions, page_cache
from portal.extensions import MAIN, Section
from portal.models import MenuSlot
from portal.selectors import (
    MenuLink,
    footer_text_body,
    menu_links_for_request,
    menu_pages_for_request,
    section_url,
)
from portal.templatetags.portal_head import page_translation_urls
from portal.utils.dates import zone_label
from portal.utils.i18n import url_in_language

register = template.Library()
register.filter("zone_label", zone_label)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The header links (the editors' main menu, else the top-level pages
    shown in menus), each with ``current`` ready for ``aria-current``."""
    request = context.get("request")
    if request is None:
        return []

    def build():
        links = menu_links_for_request(request=request, slot=MenuSlot.MAIN)
        if links is None:
            pages = menu_pages_for_request(request=request)
            links = [MenuLink(page.title, page.get_url(request)) for page in pages]
        return [(link.title, link.url) for link in links]

    links = _chrome_fragment(request, "main-menu", build)
    return _mark_current([MenuLink(title, url) for title, url in links], request.path)


def _chrome_fragment(request, name, build):
    """Menus and footer are kept per site and language until a menu, a page or
    a setting changes (portal.page_cache), so a page render need not query them."""
    key = f"{name}:{request.get_host()}:{translation.get_language()}"
    return page_cache.cached_fragment(key, ("menus", "pages", "settings"), build)


@register.simple_tag(takes_context=True)
def footer_menu(context):
    """The editors' footer links, with ``current``; none when there is no footer menu."""
    request = context.get("request")
    if request is None:
        return []

    def build():
        links = menu_links_for_request(request=request, slot=MenuSlot.FOOTER) or []
        return [(link.title, link.url) for link in links]

    links = _chrome_fragment(request, "footer-menu", build)
    return _mark_current([MenuLink(title, url) for title, url in links], request.path)


@register.simple_tag
def page_cache_stamp(*tags):
    """``{% page_cache_stamp "pages" as stamp %}``: part of a ``{% cache %}``
    key that changes when one of the tags does (portal.page_cache)."""
    return page_cache.stamp(tags)


@register.simple_tag
def portal_section_url(section):
    """``{% portal_section_url "events" %}``: see ``MenuSection`` for the names."""
    return section_url(section=section)


def _mark_current(links, path):
    """Set ``current`` on the one link whose section is being read.

    It is "page" on the link's own page, "true" anywhere inside its section
    (a news article, a month of the archive) and "" elsewhere; when links
    nest (events and their month view) only the closest one is marked.
    """
    best = None
    for link in links:
        link.current = nav_current(link.url, path)
        if link.current and (best is None or len(link.url) > len(best.url)):
            best = link
    for link in links:
        if link is not best:
            link.current = ""
    return links


def nav_current(url, path):
    """aria-current for a link to ``url`` on the page at ``path``."""
    if not url or "://" in url:
        return ""
    if path == url:
        return "page"
    if url != "/" and url.endswith("/") and path.startswith(url):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def link_current(context, url):
    """aria-current for a fixed link (e.g. Search) on the current page."""
    request = context.get("request")
    return nav_current(url, request.path) if request is not None else ""


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: its code, name and the URL of this content in it.

    On a Wagtail page the link goes to the page's translation, or to that
    language's home page when the page has not been translated yet.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page) and request is not None:
        translations = page_translation_urls(request=request, page=page)
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]
        elif isinstance(page, Page):
            url = url_in_language("/", code)
        else:
            url = url_in_language(request.get_full_path(), code) if request else "/"
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag
def footer_text():
    language = translation.get_language()
    return page_cache.cached_fragment(
        f"footer-text:{language}",
        ("settings",),
        lambda: footer_text_body(locale=Locale.get_active()),
    )


@register.simple_tag(takes_context=True)
def render_sections(context, sections, area=MAIN):
    """Print the ``Section`` values of ``sections`` that belong in ``area``.

    Each is rendered, in the given order, by its own template with only
    ``section``, the section's context and ``request``: nothing of the host
    page leaks in. ``{% render_sections sections %}`` prints the main area,
    ``{% render_sections sections "facts" %}`` a facts list's terms.
    """
    if not isinstance(sections, list | tuple):
        raise TypeError(f"render_sections needs a list of Section, not {sections!r}.")
    parts = []
    for section in sections:
        if not isinstance(section, Section):
            raise TypeError(f"render_sections needs a list of Section, not {section!r}.")
        if section.area != area:
            continue
        values = {"request": context.get("request"), **section.context, "section": section}
        part = context.template.engine.get_template(section.template).render(context.new(values))
        parts.append((part,))
    # Each part is the SafeString its template rendered, so nothing is escaped twice.
    return format_html_join("\n", "{}", parts)


@register.simple_tag(takes_context=True)
def account_menu_links(context):
    """The links the apps add to the signed-in user's account menu, as sections."""
    return extensions.account_menu_links(user=context["user"], request=context.get("request"))
