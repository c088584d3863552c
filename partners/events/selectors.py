"""Reads of shared events, ready for templates (relations already fetched)."""

import calendar
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Min, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from partners.events import recurrence
from partners.events.choices import EventStatus
from partners.events.models import YEARS_AHEAD, CalendarToken, Event
from partners.models import Institution
from portal.models import ProgrammePage
from portal.selectors import public_pages

UPCOMING_MAX = 500  # upcoming events sorted by their next date, at most this many


def _prefetches():
    return (
        "image__renditions",
        Prefetch(
            "partners",
            queryset=Institution.objects.only(
                "pk", "name", "short_name", "slug", "is_verified", "archived_at"
            ).order_by("name"),
        ),
    )


def with_relations(queryset):
    return queryset.select_related("image").prefetch_related(*_prefetches())


def fetch_relations(events):
    """Fetch what the templates show (partners, image renditions) for these
    events only: a page of the list, the first few on the home page."""
    prefetch_related_objects(events, *_prefetches())
    return events


def events_public():
    return with_relations(Event.objects.public())


def _with_next_dates(events, *, now):
    for event in events:
        event.next_start, event.next_end = event.next_occurrence(now=now)
    return sorted(events, key=lambda event: (event.next_start, event.pk))


DATE_FIELDS = recurrence.EventDates.FIELDS


def events_upcoming(*, queryset=None, now=None, limit=None, dates_only=False):
    """Upcoming public events, soonest first; each gets ``next_start`` and
    ``next_end`` (its next date in the event's zone).

    A series sorts by its next date, not its first, so every upcoming series
    is read; a single event's next date is its start, so with ``limit`` only
    the first ``limit`` single events are. Only the events kept get their
    relations. With ``dates_only`` they are ``recurrence.EventDates`` (no
    model instances), enough to sort and filter a long list: ``complete``
    then reads one page in full.
    """
    now = now or timezone.now()
    queryset = (queryset if queryset is not None else events_public()).upcoming(now=now)
    candidates = queryset.prefetch_related(None).order_by("start", "pk")
    if limit:
        first_singles = candidates.filter(rrule="").values("pk")[:limit]
        candidates = candidates.filter(~Q(rrule="") | Q(pk__in=first_singles))
    if dates_only:
        rows = candidates.select_related(None).values_list(*DATE_FIELDS)[:UPCOMING_MAX]
        events = [recurrence.EventDates(*row) for row in rows]
    else:
        events = list(candidates.defer("ical_cache")[:UPCOMING_MAX])
    events = _with_next_dates(events, now=now)[:limit]
    return events if dates_only else fetch_relations(events)


def events_overlapping(queryset, *, after, before):
    """The events of ``queryset`` that may have a date between the instants
    ``after`` and ``before`` (a series is expanded by the caller), with
    their dates only (DATE_FIELDS), by first start; UPCOMING_MAX at most."""
    candidates = queryset.filter(start__lte=before).filter(
        Q(last_end__gte=after) | Q(last_end__isnull=True)
    )
    return list(candidates.only(*DATE_FIELDS).order_by("start", "pk")[:UPCOMING_MAX])


def complete(events):
    """The full events (with relations) for events read with ``dates_only``,
    in the same order and with the same next dates (an event deleted between
    the two reads is left out)."""
    full = with_relations(Event.objects.defer("ical_cache")).in_bulk([e.pk for e in events])
    completed = []
    for event in events:
        whole = full.get(event.pk)
        if whole is not None:
            whole.next_start, whole.next_end = event.next_start, event.next_end
            completed.append(whole)
    return completed


def events_for_institution_upcoming(*, institution, limit=5):
    return events_upcoming(queryset=events_public().filter(partners=institution), limit=limit)


def events_for_programme_upcoming(*, programme, limit=5):
    return events_upcoming(
        queryset=events_public().filter(programme__translation_key=programme.translation_key),
        limit=limit,
    )


def events_past(*, queryset=None, now=None):
    now = now or timezone.now()
    queryset = queryset if queryset is not None else events_public()
    return queryset.past(now=now).order_by("-start", "-pk")


def month_bounds(year, month):
    """The month as aware instants, generous enough for every zone we show."""
    portal_zone = ZoneInfo(settings.TIME_ZONE)
    first = datetime.datetime(year, month, 1, tzinfo=portal_zone)
    days = calendar.monthrange(year, month)[1]
    last = first + datetime.timedelta(days=days)
    return first, last


MONTHS_BACK = 12  # the calendar goes back at least this far...
MONTHS_INDEXED = 12  # ...and search engines are asked to go no further ahead


def add_months(year, month, months):
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month_range(*, today=None):
    """The months the month calendar offers, as ((year, month), (year, month)).

    From the first public event's month (or MONTHS_BACK months ago, if that
    is earlier) to the last public event's month (or MONTHS_INDEXED months
    ahead, if that is later; never beyond the years events can be entered
    for). Bounded, so "next month" ends and crawlers finish.
    """
    today = today or timezone.localdate()
    portal_zone = ZoneInfo(settings.TIME_ZONE)
    dates = Event.objects.public().aggregate(first=Min("start"), last=Max("last_end"))
    first = add_months(today.year, today.month, -MONTHS_BACK)
    last = add_months(today.year, today.month, MONTHS_INDEXED)
    if dates["first"]:
        local = dates["first"].astimezone(portal_zone)
        first = min(first, (local.year, local.month))
    if dates["last"]:
        local = dates["last"].astimezone(portal_zone)
        last = max(last, min((local.year, local.month), (today.year + YEARS_AHEAD, 12)))
    return first, last


def month_grid(*, year, month, queryset=None):
    """Weeks (Monday first) of ``month``; each day is (date or None, occurrences).

    An occurrence is (event, start, end) in the event's own zone and is put
    on the local date it starts on there.
    """
    first, last = month_bounds(year, month)
    queryset = queryset if queryset is not None else events_public()
    margin = datetime.timedelta(days=1)
    candidates = queryset.filter(start__lt=last + margin).exclude(last_end__lt=first - margin)
    by_day = {}
    for event in candidates.order_by("start", "pk"):
        for start, end in event.occurrences(after=first - margin, before=last + margin):
            day = start.date()
            if day.year == year and day.month == month:
                by_day.setdefault(day, []).append((event, start, end))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([(day if day.month == month else None, by_day.get(day, [])) for day in week])
    total = sum(len(items) for items in by_day.values())
    return weeks, total


def institutions_for_private_feed(*, user):
    """The institutions whose events go into ``user``'s private feed: those
    in which they hold an active membership, archived ones left out (an
    archived institution's members are cut off). Evaluated, so callers can
    test it for emptiness and reuse it without another query."""
    return list(Institution.objects.for_user(user).filter(archived_at__isnull=True))


# -- the filters of the public lists ------------------------------------------------


def partners_for_filter():
    return Institution.objects.public()


def programmes_for_filter(*, locale=None):
    """Live, public programmes (in ``locale`` when given), by title."""
    programmes = public_pages(ProgrammePage.objects.live()).order_by("title")
    if locale is not None:
        programmes = programmes.filter(locale=locale)
    return programmes


def events_filtered(queryset, *, partner=None, programme=None, kind=None, mode=None):
    """``queryset`` narrowed to the chosen filters; an empty value leaves it open."""
    if partner:
        queryset = queryset.filter(partners=partner)
    if programme:
        queryset = queryset.filter(programme__translation_key=programme.translation_key)
    if kind:
        queryset = queryset.filter(kind=kind)
    if mode:
        queryset = queryset.filter(mode=mode)
    return queryset


# -- feeds -----------------------------------------------------------------------


def events_public_plain():
    """Public events without relations (for the .ics files and feeds)."""
    return Event.objects.public()


def event_public_by_slug(slug):
    """The public event ``slug``, or None."""
    return Event.objects.public().filter(slug=slug).first()


def partner_for_feed(slug):
    """The public institution ``slug`` whose feed is asked for, or None."""
    return Institution.objects.public().filter(slug=slug).first()


def programme_for_feed(pk):
    """The live, public programme page ``pk`` whose feed is asked for, or None."""
    return ProgrammePage.objects.live().public().filter(pk=pk).first()


def events_public_of_partner(partner):
    return events_public_plain().filter(partners=partner)


def events_public_of_programme(programme):
    return events_public_plain().filter(programme__translation_key=programme.translation_key)


def events_public_of_kind(kind):
    return events_public_plain().filter(kind=kind)


# -- what other parts of the portal show -------------------------------------------


def events_for_dashboard(*, institution, limit):
    """The institution's coming events, public or not."""
    return events_upcoming(
        queryset=with_relations(Event.objects.filter(partners=institution).expressible()),
        limit=limit,
    )


def events_for_agreements(*, agreement_ids, start=None, end=None):
    """Events held under the agreements (not cancelled), with a margin of a
    day or two around [start, end] (callers keep the local dates inside)."""
    queryset = (
        Event.objects.filter(agreement_id__in=agreement_ids)
        .expressible()
        .exclude(status=EventStatus.CANCELLED)
    )
    if start:
        queryset = queryset.filter(
            end__gte=datetime.datetime.combine(start, datetime.time(), tzinfo=datetime.UTC)
            - datetime.timedelta(days=1)
        )
    if end:
        queryset = queryset.filter(
            start__lt=datetime.datetime.combine(end, datetime.time(), tzinfo=datetime.UTC)
            + datetime.timedelta(days=2)
        )
    return queryset.order_by("start")


def events_for_private_feed(*, institutions, now=None):
    """Events the institutions organise, public or not, cancelled ones for a while."""
    now = now or timezone.now()
    return Event.objects.for_institutions(institutions).in_feed(now=now).order_by("start", "pk")


# -- private calendar links --------------------------------------------------------


def calendar_token_user(token):
    """The active user whose private calendar token is ``token``, or None."""
    if not CalendarToken.looks_valid(token):
        return None
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=CalendarToken.hash(token))
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    return found.user


def calendar_token_of(user):
    """``user``'s private calendar link (its hash and date), or None."""
    return CalendarToken.objects.filter(user=user).first()


# -- the sitemap ---------------------------------------------------------------------


def events_for_sitemap():
    """Public events with what a sitemap entry needs: the slug and the last change."""
    return events_public_plain().only("pk", "slug", "updated_at").order_by("pk")


SEARCH_MAX = 500  # events read for one site search, best matches first


def events_search(*, words, now=None):
    """Public events matching ``words`` (Wagtail search; see portal.search),
    the SEARCH_MAX best at most: those still to come first, by their next
    date (each gets ``next_start``/``next_end``), then cancelled and past
    ones, latest first. One query, dates only: ``complete`` reads the page
    shown in full."""
    now = now or timezone.now()
    found = get_search_backend().search(
        words, Event.objects.public().only(*DATE_FIELDS, "last_end", "status")
    )
    coming, other = [], []
    for event in found[:SEARCH_MAX]:
        event.next_start = event.next_end = None
        if event.status != EventStatus.CANCELLED and (
            event.last_end is None or event.last_end >= now
        ):
            event.next_start, event.next_end = event.next_occurrence(now=now)
            coming.append(event)
        else:
            other.append(event)
    coming.sort(key=lambda event: (event.next_start or event.start, event.pk))
    other.sort(key=lambda event: (event.start, event.pk), reverse=True)
    return coming + other
