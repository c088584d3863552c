"""What base.html's <head> tells search engines and feed readers: the page
in the other languages (hreflang) and the feeds of the site."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from portal import extensions, page_cache
from portal.selectors import page_translations_live
from portal.utils.i18n import url_in_language

register = template.Library()


def page_translation_urls(*, request, page):
    """{language code: URL} of the live translations of a Wagtail ``page``
    (itself included), read once per request and page; the language
    switcher and the hreflang links share it."""
    cache = request.__dict__.setdefault("_portal_page_translation_urls", {})
    if page.pk not in cache:
        # Kept in the shared cache until a page or an article changes.
        cache[page.pk] = page_cache.cached_fragment(
            f"page-translations:{request.get_host()}:{page.pk}",
            ("pages", "news"),
            lambda: {
                translated.locale.language_code: translated.get_url(request)
                for translated in page_translations_live(page=page)
            },
        )
    return cache[page.pk]


def alternate_urls(*, request, page=None):
    """{language code: path} of what ``request`` shows, in every language it
    exists in.

    A Wagtail page has its translations (a route of a routable page, such
    as a month of the news archive, keeps its part after the page's URL);
    an app's page (an event, a partner, a list) is the same URL in the
    other language, as the language switcher links it, when it resolves.
    """
    path = request.path
    if isinstance(page, Page):
        own = page.get_url(request) or ""
        suffix = path[len(own) :] if own and path.startswith(own) else ""
        return {
            code: f"{url}{suffix}"
            for code, url in page_translation_urls(request=request, page=page).items()
            if url
        }
    current = request.get_full_path()
    own = translation.get_language_from_path(current) or settings.LANGUAGE_CODE
    urls = {own: current}
    for code, _name in settings.LANGUAGES:
        url = url_in_language(current, code)
        if code != own and url != current:
            urls[code] = url
    return urls


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """[(hreflang, absolute URL)] for <link rel="alternate">: one per
    language the page exists in, and x-default (the default language's
    version); nothing when the page exists in one language only."""
    request = context.get("request")
    if request is None:
        return []
    urls = alternate_urls(request=request, page=context.get("page"))
    if len(urls) < 2:
        return []
    links = [
        (code, request.build_absolute_uri(urls[code]))
        for code, _ in settings.LANGUAGES
        if code in urls
    ]
    if settings.LANGUAGE_CODE in urls:
        links.append(("x-default", request.build_absolute_uri(urls[settings.LANGUAGE_CODE])))
    return links


@register.simple_tag(takes_context=True)
def feed_links(context):
    """The feeds the apps advertise (``extensions.feed_links``), as FeedLink values."""
    request = context.get("request")
    return extensions.feed_links(request=request) if request is not None else []
