"""Numbers in a URL that no database column can hold answer 404, not 500.

SQLite stores integers in 64 bits; a bigger Python int in a query parameter
fails while binding ("Python int too large to convert to SQLite INTEGER"),
wherever the value meets the database: our views, form choice fields, and
Wagtail's own admin filters and bulk actions alike. Checking once, before any
view runs, covers them all.
"""

import re

from django.http import Http404
from django.utils.translation import gettext as _

LARGEST = 2**63 - 1
# A path segment that is a number, or a number with an extension ("12.ics").
NUMBER_SEGMENT = re.compile(r"([+-]?\d+)(?:\.[A-Za-z]+)?")
NUMBER_VALUE = re.compile(r"\s*([+-]?\d+)\s*")
# Free text typed by a person (search boxes): a long number there is just text.
FREE_TEXT_PARAMETERS = frozenset({"q", "query", "term", "search"})


def _too_large(text):
    # 19 digits or more only: anything shorter always fits.
    return len(text.lstrip("+-")) >= 19 and abs(int(text)) > LARGEST


def has_oversized_number(request):
    for segment in request.path_info.split("/"):
        match = NUMBER_SEGMENT.fullmatch(segment)
        if match and _too_large(match.group(1)):
            return True
    for name, values in request.GET.lists():
        if name in FREE_TEXT_PARAMETERS:
            continue
        for value in values:
            match = NUMBER_VALUE.fullmatch(value)
            if match and _too_large(match.group(1)):
                return True
    return False


class OversizedNumberMiddleware:
    """Answer 404 ("no such page") to a path or query number beyond 64 bits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_oversized_number(request):
            raise Http404(_("There is no page with such a large number."))
        return self.get_response(request)
