"""Every extension point of the portal, declared once.

Apps import only downwards (portal <- partners <- partners.events <- news <-
visits), yet a page of one app shows what another app holds, and a privacy
request reaches every app. The apps below declare here what they let the
others add; the apps above implement it. Each point is a typed function:

- its name (``home_sections.name``) is the Wagtail hook it uses underneath,
  so ``hooks.register_temporarily(point.name, function)`` works in tests;
- its signature (keyword-only arguments, annotated) is what every
  implementation receives, and its docstring the contract;
- calling it (``extensions.home_sections(home=page, request=request)``)
  runs every implementation, checks what each returned, and combines the
  results: a bad return shape fails loudly, naming the implementation.

An app keeps its implementations in its ``integrations.py``, each named
after its point, and registers them all in its ``wagtail_hooks.py``
(imported at start-up)::

    # <app>/wagtail_hooks.py
    from <app> import integrations
    from portal import extensions

    extensions.register_integrations(integrations)

``register`` checks at start-up that the function accepts the point's
arguments. Points that put content on a page return ``Section`` values,
which the page prints with ``{% render_sections sections %}``
(portal_tags): each section brings its own template and context, so no
template reads another app's context keys or includes its templates.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.sitemaps import Sitemap

from portal.calendars import CalendarItem
from portal.extension_registry import ExtensionError as ExtensionError  # what a bad return raises
from portal.extension_registry import (
    anything,
    counted_per_app,
    extension_point,
    is_count,
    items_of,
    mapping_of,
    merged_unique,
    nothing,
    sorted_by,
)

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest
    from wagtail.models import Locale, Page

# Where on a page a section goes (see Section.area).
MAIN = "main"
FACTS = "facts"
# A template any app may give its section: a titled block of page cards; the
# section's context holds anchor (the heading's id), items and empty_text.
CARDS = "includes/card_section.html"


@dataclass(frozen=True)
class Section:
    """One part of a page that another app adds.

    ``template`` renders the whole part, heading included (it gets
    ``section``, the entries of ``context`` and ``request``, nothing of the
    host page); ``title`` is its heading (or a link's text), already
    translated. Sections are shown by ascending ``order``. ``area`` is where
    the host prints it: ``"main"``, the point's own place (on pages a
    titled block, usually ``<section class="home-section">``), or, where a
    point allows it, ``"facts"`` (one ``<div><dt>title</dt><dd>...</dd></div>``
    of the page's facts list).
    """

    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    order: int = 0
    area: str = MAIN


def cards_section(*, title, anchor, items, order, empty_text=None):
    """A Section of page cards (the CARDS template) in the main area.

    ``anchor`` is the heading's id; ``empty_text``, if given, is shown when
    ``items`` is empty.
    """
    context = {"anchor": anchor, "items": items}
    if empty_text is not None:
        context["empty_text"] = empty_text
    return Section(title=title, template=CARDS, context=context, order=order)


@dataclass(frozen=True)
class Activity:
    """One thing done under an agreement: evidence for accreditation."""

    agreement_id: int
    kind: str  # translated label, e.g. "Study visit", "Shared event"
    title: str
    date: datetime.date
    participants: int | None = None
    evidence_url: str = ""  # absolute URL of the report, article or event page
    # Where ``participants`` comes from, translated (e.g. "marked present at
    # the visit", "announced"); empty when there is nothing to say.
    participants_basis: str = ""
    # For the yearly recap: a stable key of the kind ("visit", "event",
    # "follow_up", "activity"), the partner it was done with (None: every
    # party to the agreement) and what proves it, in words ("Visit report
    # KB-2025-00012"; the evidence pack holds the file).
    category: str = ""
    institution_id: int | None = None
    evidence: str = ""


@dataclass(frozen=True)
class EvidenceFile:
    """One file of the yearly recap's evidence pack: ``path`` inside the ZIP
    (folders with "/"), ``content`` its bytes."""

    path: str
    content: bytes


@dataclass(frozen=True)
class FeedLink:
    """A feed advertised in the <head> of every page, printed as
    ``<link rel="alternate" type="{type}" title="{title}" href="{href}">``.

    ``href`` is the feed's URL (a path is fine), ``type`` its media type
    (``application/rss+xml``, ``application/atom+xml``), ``title`` already
    translated. Links are printed by ascending ``order``.
    """

    href: str
    type: str
    title: str
    order: int = 0


@dataclass(frozen=True)
class SearchGroup:
    """One kind of thing the site search finds: pages and news, events, partners.

    ``key`` names the kind in the address (``?kind=events``: a slug) and
    ``title`` is the group's heading, already translated. ``results`` is a
    sequence Django's Paginator takes: ``count()`` (or ``len()``) and each
    slice read a constant number of queries, and a slice holds the results
    with everything ``template`` shows already fetched. ``template`` renders
    one result as an ``<li>`` (it gets ``result`` and ``request``). Groups are
    shown by ascending ``order``.
    """

    key: str
    title: str
    results: Any
    template: str
    order: int = 0


def _sections_in(*areas):
    expected = f"a list of Section in the area(s) {', '.join(areas)}"
    return items_of(Section, expected, lambda section: section.area in areas)


_in_order = sorted_by(lambda section: section.order)


# ---------------------------------------------------------------------------
# Pages: sections other apps add.
# ---------------------------------------------------------------------------


@extension_point(name="portal_home_sections", check=_sections_in(MAIN), combine=_in_order)
def home_sections(*, home: Page, request: HttpRequest | None = None) -> list[Section]:
    """The blocks of the home page between the hero and the visit call.

    Each implementation returns the sections it adds (an empty list for
    none); they are shown by ``order``: news 10, shared events 20, the
    portal's programmes 30, partner logos 40. ``home`` is the HomePage
    being shown (its ``locale`` is the reader's language).
    """


@extension_point(
    name="partners_partner_page_sections",
    check=_sections_in(MAIN, FACTS),
    combine=_in_order,
)
def partner_page_sections(
    *, institution: Model, request: HttpRequest | None = None
) -> list[Section]:
    """What other apps show on a partner institution's public page.

    ``institution`` is a public ``partners.Institution``. Sections in the
    "main" area follow the agreements in force (shared events 10, news 20);
    sections in the "facts" area are terms of the facts list at the top
    (completed study visits 10). Only what may be public: no personal data.
    """


@extension_point(name="partners_dashboard_sections", check=_sections_in(MAIN), combine=_in_order)
def dashboard_sections(*, institution: Model, user: Model) -> list[Section]:
    """Blocks other apps add to a member's "My institution" dashboard.

    ``institution`` is the ``partners.Institution`` the dashboard shows and
    ``user`` one of its active members. Shown after the agreements, by
    ``order`` (shared events 10, study visits 20).
    """


@extension_point(name="portal_programme_page_sections", check=_sections_in(MAIN), combine=_in_order)
def programme_page_sections(*, page: Page, request: HttpRequest | None = None) -> list[Section]:
    """Blocks other apps add at the end of a literacy programme's page.

    ``page`` is the ProgrammePage shown (shared events of the programme 10).
    """


@extension_point(name="portal_account_menu_links", check=_sections_in(MAIN), combine=_in_order)
def account_menu_links(*, user: Model, request: HttpRequest | None = None) -> list[Section]:
    """Links other apps add to a signed-in user's account menu in the header.

    Each section's template renders one link (its title is the link text),
    between the user's name and the admin link, by ``order`` (my
    institution 10, my visits 20). Called on every page: no queries.
    """


# ---------------------------------------------------------------------------
# Records other apps contribute to.
# ---------------------------------------------------------------------------


@extension_point(
    name="partners_agreement_activities",
    check=items_of(Activity, "a list of Activity"),
    combine=sorted_by(lambda item: (item.date, item.kind, item.title)),
)
def agreement_activities(
    *,
    agreement_ids: set[int],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[Activity]:
    """Implementation evidence: what was done under some agreements.

    Accreditation asks for proof that agreements are carried out (MoU ->
    MoA -> IA -> activities). Each implementation returns its ``Activity``
    values for the agreements whose ids are in ``agreement_ids``, held
    between ``start`` and ``end`` (dates in the place's own time zone,
    inclusive; either may be None). The result is every app's, oldest first.
    """


@extension_point(
    name="partners_recap_evidence_files",
    check=items_of(EvidenceFile, "a list of EvidenceFile"),
    combine=sorted_by(lambda item: item.path),
)
def recap_evidence_files(
    *,
    agreement_ids: set[int],
    start: datetime.date,
    end: datetime.date,
) -> list[EvidenceFile]:
    """Files for the yearly recap's evidence pack (staff only): what other
    apps hold as proof of the activities ``agreement_activities`` returns for
    the same agreements and period, e.g. the visit reports. Paths are unique
    per app (start them with the app's folder, e.g. ``visit-reports/``).
    """


@extension_point(
    name="portal_private_calendar_items",
    check=items_of(CalendarItem, "a list of CalendarItem"),
    combine=sorted_by(lambda item: item.uid),
)
def private_calendar_items(*, user: Model, institutions: Iterable[Model]) -> list[CalendarItem]:
    """What a partner member's private calendar feed holds.

    ``institutions`` are the ``partners.Institution`` where ``user`` is an
    active member. Each implementation returns ``portal.calendars.CalendarItem``
    values (shared events, scheduled visits), including recently cancelled
    ones so that subscribed calendars drop them. The result is sorted by UID.
    """


@extension_point(
    name="portal_search_groups",
    check=items_of(SearchGroup, "a list of SearchGroup"),
    combine=sorted_by(lambda group: group.order),
)
def search_groups(*, words: str, locale: Locale) -> list[SearchGroup]:
    """What the site search finds in an app (the portal's own pages are 10;
    shared events 20, partner institutions 30).

    ``words`` is never empty and holds only letters, digits and spaces
    (``portal.utils.search.search_words``); search with Wagtail's search
    (``queryset.search(words)``) over public records only. ``locale`` is the
    reader's language, for content that has one. Return a group even when
    it finds nothing, so the reader sees it was searched.
    """


# ---------------------------------------------------------------------------
# Metadata: what search engines and feed readers are told.
# ---------------------------------------------------------------------------


@extension_point(
    name="portal_sitemap_sections",
    check=mapping_of(
        lambda value: isinstance(value, Sitemap), "a dict of section name -> Sitemap instance"
    ),
    combine=merged_unique("sitemap section"),
)
def sitemap_sections(*, request: HttpRequest) -> dict[str, Sitemap]:
    """The sections an app adds to /sitemap.xml, by name (a slug: it
    names ``/sitemap-<name>.xml`` when the sitemap becomes an index).

    Each value is a ``django.contrib.sitemaps.Sitemap`` instance listing
    only public addresses, in every language (``portal.sitemaps.
    TranslatedSitemap`` does that), with ``lastmod`` from the item's last
    real change. Its ``items`` must be read in a constant number of
    queries. The Wagtail pages are the portal's own section, ``pages``.
    """


@extension_point(
    name="portal_feed_links",
    check=items_of(FeedLink, "a list of FeedLink"),
    combine=sorted_by(lambda link: link.order),
)
def feed_links(*, request: HttpRequest) -> list[FeedLink]:
    """The feeds an app advertises in the <head> of every page, in the
    reader's (the active) language: news 10.

    Called on every page, anonymous ones included: keep it to a query or
    two that do not grow with the content, and return only public feeds.
    """


# ---------------------------------------------------------------------------
# The public read-only API (/api/v2/, portal/api).
# ---------------------------------------------------------------------------


@extension_point(
    name="portal_api_endpoints",
    check=mapping_of(
        lambda value: isinstance(value, type), "a dict of endpoint name -> endpoint class"
    ),
    combine=merged_unique("API endpoint"),
)
def api_endpoints(*, version: str) -> dict[str, type]:
    """The endpoints an app adds to version ``version`` (``"v2"``) of the
    public API, by name (a slug: the endpoint answers at
    ``/api/<version>/<name>/``); an empty dict for a version it has none in.

    Each value is a ``portal.api.base.PublicEndpoint`` subclass: anonymous,
    read-only, and only public records and fields. The portal's own is
    ``pages``. Called once, when the URLs are loaded.
    """


# ---------------------------------------------------------------------------
# Privacy requests (UU PDP): every app takes part.
# ---------------------------------------------------------------------------


@extension_point(
    name="portal_personal_data",
    check=mapping_of(lambda value: True, "a dict of section name -> JSON-able data"),
    combine=merged_unique("personal-data section", "; prefix it with the app's name"),
)
def personal_data(*, user: Model) -> dict[str, Any]:
    """Everything an app holds about ``user``, for their data download.

    Never about anyone else: a colleague's name on a shared record is the
    colleague's data. Each key becomes a top-level section of the JSON
    download; prefix it with the app's name (two apps returning the same
    key fail). Values must be JSON-serialisable with Django's encoder (dates,
    decimals and UUIDs are fine).
    """


@extension_point(name="portal_erase_personal_data", check=anything, combine=nothing)
def erase_personal_data(*, user: Model) -> None:
    """Delete or anonymise ``user``'s personal data when the account goes.

    Called inside the deletion's transaction and *before* the user row is
    deleted, so foreign keys still resolve. Keep what the institution needs
    as anonymous history (a visit stays, its contact details go). Raise to
    stop the deletion: the whole transaction is rolled back. The return
    value is ignored.
    """


@extension_point(
    name="portal_retention_purge",
    check=mapping_of(is_count, "a dict of kind -> count"),
    combine=counted_per_app,
)
def retention_purge(*, cutoff: datetime.datetime, dry_run: bool) -> dict[str, int]:
    """Purge personal data whose retention ended before ``cutoff``.

    Called by ``manage.py purge_personal_data`` with an aware ``cutoff``.
    Delete or anonymise such data, keeping aggregate statistics, and return
    how many records were (or, with ``dry_run``, would be) changed, per
    kind; with ``dry_run`` change nothing. It must be idempotent: a second
    run returns zeros. The result is ``{"<app>.<kind>": count}``.
    """


EXTENSION_POINTS = (
    home_sections,
    partner_page_sections,
    dashboard_sections,
    programme_page_sections,
    account_menu_links,
    search_groups,
    agreement_activities,
    recap_evidence_files,
    private_calendar_items,
    sitemap_sections,
    feed_links,
    api_endpoints,
    personal_data,
    erase_personal_data,
    retention_purge,
)


def register_integrations(module):
    """Register every function of an app's ``integrations`` module that is
    named after an extension point on that point; the names registered are
    returned. An app's ``wagtail_hooks.py`` calls this once."""
    registered = []
    for point in EXTENSION_POINTS:
        implementation = getattr(module, point.__name__, None)
        if implementation is not None:
            point.register(implementation)
            registered.append(point.__name__)
    return registered
