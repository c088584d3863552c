from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def url_in_language(url, language):
    """The same URL in ``language``, whatever language is active now.

    Django's ``translate_url`` resolves the path in the active language, so
    "/" seen from an English page (or "/en/x/" from an Indonesian one) would
    not resolve. Resolve it in the language its prefix names instead.
    """
    source = translation.get_language_from_path(url) or settings.LANGUAGE_CODE
    with translation.override(source):
        return translate_url(url, language)
