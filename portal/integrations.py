"""What the portal itself adds through its own extension points
(portal.extensions); registered in wagtail_hooks.py."""

from django.utils.translation import gettext as _

from portal.extensions import cards_section
from portal.search.selectors import pages_group
from portal.selectors import programmes_live

HOME_PROGRAMMES = 3


def home_sections(*, home, request):
    """``home_sections``: the latest literacy programmes, third on the home page."""
    return [
        cards_section(
            title=_("Literacy programmes"),
            anchor="programmes",
            items=programmes_live(locale=home.locale, limit=HOME_PROGRAMMES),
            empty_text=_("No programmes have been published yet."),
            order=30,
        )
    ]


def search_groups(*, words, locale):
    """``search_groups``: pages and news in the reader's language, first."""
    return [pages_group(words=words, locale=locale)]
