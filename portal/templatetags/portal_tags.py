from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

from portal.models import FooterText
from portal.selectors import menu_pages_for_request
from portal.utils.i18n import url_in_language

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")
    if request is None:
        return []
    return list(menu_pages_for_request(request=request))


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
    if isinstance(page, Page):
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request)
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
    locale = Locale.get_active()
    footer = FooterText.objects.filter(locale=locale).first()
    if footer is None:
        footer = FooterText.objects.order_by("pk").first()
    return footer.body if footer else ""
