"""Reads of the site search: the portal's own group (pages and news) and
every app's groups together, counted."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal import extensions
from portal.extensions import SearchGroup

PAGES_KIND = "pages"


class PreparedResults:
    """Search results whose slices are finished by ``prepare`` (a function
    of a list returning a list) before a template sees them: relations
    fetched for one page of results, not for every match.

    ``source`` is anything with ``count()`` or ``len()`` and slicing: a
    Wagtail search result or an already sorted list.
    """

    def __init__(self, source, prepare):
        self.source = source
        self.prepare = prepare

    def count(self):
        count = getattr(self.source, "count", None)
        return len(self.source) if isinstance(self.source, list) or count is None else count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.prepare(list(self.source[index]))
        return self.prepare([self.source[index]])[0]


def pages_search(*, words, locale):
    """Live public pages in ``locale`` that match ``words`` (see search_words),
    best match first."""
    return Page.objects.live().public().filter(locale=locale).specific().search(words)


def _label_pages(pages):
    for page in pages:
        page.search_kind_label = capfirst(page._meta.verbose_name)
    return pages


def pages_group(*, words, locale):
    """The portal's own search group: pages and news in the reader's language."""
    return SearchGroup(
        key=PAGES_KIND,
        title=_("Pages and news"),
        results=PreparedResults(pages_search(words=words, locale=locale), _label_pages),
        template="portal/search/page_result.html",
        order=10,
    )


@dataclass(frozen=True)
class CountedGroup:
    group: SearchGroup
    count: int

    @property
    def key(self):
        return self.group.key


def search_groups_counted(*, words, locale):
    """Every app's search groups for ``words`` (see portal.extensions.
    search_groups), each with how many results it has: one count query a
    group, whatever the number of matches."""
    groups = extensions.search_groups(words=words, locale=locale)
    return [CountedGroup(group=group, count=_count(group.results)) for group in groups]


def _count(results):
    count = getattr(results, "count", None)
    return count() if callable(count) else len(results)


def search_suggestions():
    """Where to look instead of searching: the events, their month view, the
    partner directory and the visit guide, in the active language."""
    from portal.models.menus import SECTION_URL_NAMES, MenuSection

    links = []
    for section in MenuSection:
        try:
            links.append((section.label, reverse(SECTION_URL_NAMES[section])))
        except NoReverseMatch:  # an app that is not installed
            continue
    return links
