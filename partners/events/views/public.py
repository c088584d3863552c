"""Public event pages, iCal files and feeds."""

import datetime
import hashlib
import json
import time
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe
from wagtail.models import Locale

from partners.events import ical, links, registration_selectors, selectors
from partners.events.choices import EventKind, EventMode, EventStatus
from partners.events.feeds import cached_feed
from partners.events.forms import EventFilterForm, parse_month
from partners.events.ical import absolute_url, event_description
from portal import page_cache
from portal.calendars import CONTENT_TYPE
from portal.models import SiteSettings
from portal.ratelimit import rate_limit

PER_PAGE = 20
# What the events list shows (portal.page_cache tags).
EVENT_LIST_TAGS = ("events", "partners", "pages")
EVENT_CARD_TAGS = (*EVENT_LIST_TAGS, "media")  # cards show images too
# The filter form lists partners and programmes, not events: a change to an
# event leaves its hundreds of <option>s kept.
EVENT_FORM_TAGS = ("partners", "pages")


def _page(request, items):
    try:
        return Paginator(items, PER_PAGE).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("There is no such page of events.")) from None


def _feeds():
    """The public feeds offered on the event pages, with subscribe links."""
    feeds = [(_("All shared events"), reverse("events:feed"))]
    feeds += [
        (kind.label, reverse("events:feed-kind", kwargs={"value": kind.value}))
        for kind in EventKind
    ]
    return [
        {
            "name": name,
            "url": absolute_url(path),
            "webcal": links.webcal(absolute_url(path)),
            "google": links.google_subscribe(absolute_url(path)),
            "outlook": links.outlook_subscribe(absolute_url(path), name=name),
        }
        for name, path in feeds
    ]


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@require_safe
def event_list(request):
    """Upcoming events, filtered by partner, programme, kind, mode and month."""
    form = EventFilterForm(request.GET or None, locale=Locale.get_active())
    queryset = selectors.events_public()
    status = 200
    month = None
    if form.is_bound:
        if form.is_valid():
            queryset = form.apply(queryset)
            month = form.cleaned_data.get("month")
        else:
            status = 400
            queryset = queryset.none()
    filters = _query_without_page(request)

    def upcoming():
        return [
            (event.pk, event.next_start, event.next_end)
            for event in _upcoming_dates(queryset, month)
        ]

    # Sorting every upcoming series by its next date reads them all: the
    # order is kept for a minute ("upcoming" moves with the clock), and until
    # an event or a partner changes (portal.page_cache).
    dates = page_cache.cached_fragment(
        f"events-upcoming:{filters}:{int(time.time() // 60)}",
        EVENT_LIST_TAGS,
        upcoming,
        timeout=90,
    )
    events = [SimpleNamespace(pk=pk, next_start=start, next_end=end) for pk, start, end in dates]
    page_obj = _page(request, events)
    shown = list(page_obj.object_list)
    # The cards are read and rendered only when their fragment is not kept
    # already: same events at the same dates, language and time zone, and no
    # change to events, partners, pages or images since.
    cards_cache_key = ":".join(
        [
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            page_cache.stamp(EVENT_CARD_TAGS),
            *(f"{event.pk}@{event.next_start}@{event.next_end}" for event in shown),
        ]
    )
    page_obj.object_list = SimpleLazyObject(lambda: selectors.complete(shown))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "cards_cache_key": cards_cache_key,
            "query_prefix": _query_without_page(request),
            "feeds": _feeds(),
            "filtered": form.is_bound and status == 200,
            # The filter form's hundreds of <option>s are rendered once per
            # language, choice of filters and change of partners or pages.
            "form_cache_key": (
                f"{translation.get_language()}:{filters}:{page_cache.stamp(EVENT_FORM_TAGS)}"
            ),
        },
        status=status,
    )


def _upcoming_dates(queryset, month):
    events = selectors.events_upcoming(queryset=queryset, dates_only=True)
    if month:
        events = [
            event
            for event in events
            if any(
                start.year == month[0] and start.month == month[1]
                for start, _end in event.occurrences(
                    after=selectors.month_bounds(*month)[0], limit=40
                )
            )
        ]
    return events


@require_safe
def event_archive(request):
    page_obj = _page(request, selectors.events_past())
    return render(
        request,
        "events/event_archive.html",
        {"page_obj": page_obj, "events": page_obj.object_list, "query_prefix": ""},
    )


@require_safe
def event_month(request):
    """A month as a calendar grid; ``?month=YYYY-MM`` (default: this month).

    Only the months of ``selectors.month_range`` exist; those more than
    MONTHS_INDEXED months ahead are kept out of search engines (noindex,
    and links to them are nofollow).
    """
    today = timezone.localdate()
    raw = request.GET.get("month")
    if raw is None:
        year, month = today.year, today.month
    else:
        parsed = parse_month(raw)
        if parsed is None:
            raise Http404(_("Write the month as YYYY-MM, e.g. 2026-12."))
        year, month = parsed
    first, last = selectors.month_range(today=today)
    if not first <= (year, month) <= last:
        raise Http404(_("The calendar has no page for that month."))
    weeks, total = selectors.month_grid(year=year, month=month)
    indexed_until = selectors.add_months(today.year, today.month, selectors.MONTHS_INDEXED)
    previous = selectors.add_months(year, month, -1)
    following = selectors.add_months(year, month, 1)
    return render(
        request,
        "events/event_month.html",
        {
            "weeks": weeks,
            "total": total,
            "month_start": datetime.date(year, month, 1),
            "previous_month": f"{previous[0]:04d}-{previous[1]:02d}" if previous >= first else "",
            "next_month": f"{following[0]:04d}-{following[1]:02d}" if following <= last else "",
            "next_nofollow": following > indexed_until,
            "noindex": (year, month) > indexed_until,
        },
    )


def _json_ld(event, *, start, end, url, image_url, host_name):
    attendance = {
        EventMode.ON_SITE: "OfflineEventAttendanceMode",
        EventMode.ONLINE: "OnlineEventAttendanceMode",
        EventMode.HYBRID: "MixedEventAttendanceMode",
    }[EventMode(event.mode)]
    status = {
        EventStatus.SCHEDULED: "EventScheduled",
        EventStatus.POSTPONED: "EventPostponed",
        EventStatus.CANCELLED: "EventCancelled",
    }[EventStatus(event.status)]
    locations = []
    if event.mode != EventMode.ONLINE:
        locations.append(
            {"@type": "Place", "name": event.venue, "address": event.address or event.venue}
        )
    if event.mode != EventMode.ON_SITE and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    organisers = [{"@type": "Organization", "name": host_name}] if event.host_is_organiser else []
    organisers += [
        {"@type": "Organization", "name": partner.name} for partner in event.partners.all()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": start.date().isoformat() if event.all_day else start.isoformat(),
        "endDate": end.date().isoformat() if event.all_day else end.isoformat(),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": f"https://schema.org/{attendance}",
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organisers,
        "inLanguage": event.language,
    }
    if image_url:
        data["image"] = [image_url]
    if event.registration_url:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    text = json.dumps(data, ensure_ascii=False)
    # A data block must not be able to close its <script> element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _registration(event, *, now):
    """The event's registration setup, its state now and the seats left
    (None when it takes no registration)."""
    try:
        setup = event.registration_setup
    except ObjectDoesNotExist:
        return None
    state = setup.window_state(now)
    seats_left = registration_selectors.counts(setup)["left"] if state == "open" else None
    return SimpleNamespace(setup=setup, state=state, seats_left=seats_left)


def _changes_by_itself_at(event, registration, *, now, shown_end):
    """The next instant the page changes without any row changing: the
    registration opens or closes, or (for a series) the date shown as next
    is over. The cached page is kept no longer (portal.page_cache)."""
    moments = [shown_end] if event.is_series else []
    if registration is not None:
        setup = registration.setup
        moments += [setup.opens_at, setup.closes_at or event.start]
    future = [moment for moment in moments if moment is not None and moment > now]
    return min(future, default=None)


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(selectors.events_public(), slug=slug)
    now = timezone.now()
    occurrences = event.occurrence_list(after=now, limit=7) if event.is_series else []
    upcoming = occurrences[:6]
    live = [occurrence for occurrence in occurrences if not occurrence.is_cancelled]
    if live:
        next_date = live[0]
        start, end = next_date.start, next_date.end
    else:
        next_date = None
        start, end = event.next_occurrence(now=now)
    registration = _registration(event, now=now)
    shown_end = min((occurrence.end for occurrence in occurrences), default=end)
    page_cache.fresh_until(
        request, _changes_by_itself_at(event, registration, now=now, shown_end=shown_end)
    )
    url = absolute_url(event.get_absolute_url())
    ics_url = absolute_url(reverse("events:event-ics", kwargs={"slug": event.slug}))
    details = event.summary
    image_url = ""
    if event.image:
        rendition = event.image.get_rendition("fill-1200x630|format-jpeg")
        image_url = rendition.full_url
        if image_url.startswith("/"):
            image_url = absolute_url(image_url)
    reader_zone = timezone.get_current_timezone()
    host_name = SiteSettings.for_request(request).organisation_name.strip() or _("The host library")
    programme = None
    if event.programme_id:
        # The programme's page in the reader's language when it has one.
        programme = event.programme.localized
        if not programme.live:
            programme = None
    context = {
        "event": event,
        "start": start,
        "end": end,
        "reader_start": start.astimezone(reader_zone),
        "reader_end": end.astimezone(reader_zone),
        "same_zone": start.utcoffset() == start.astimezone(reader_zone).utcoffset()
        and str(reader_zone) == event.time_zone,
        "upcoming": upcoming,
        "next_date": next_date,
        "registration": registration,
        "page_url": url,
        "image_url": image_url,
        "json_ld": _json_ld(
            event, start=start, end=end, url=url, image_url=image_url, host_name=host_name
        ),
        "host_name": host_name,
        "programme": programme,
        "ics_url": ics_url,
        "webcal_url": links.webcal(ics_url),
        "google_url": links.google_event(event, url=url, details=details),
        "outlook_url": links.outlook_event(event, url=url, details=details),
        "description": event_description(event),
    }
    return render(request, "events/event_detail.html", context)


def calendar_response(body, *, filename=None):
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ics_event(request, slug):
    """The public event of a per-event .ics request (memoised per request)."""
    if not hasattr(request, "_ics_event"):
        request._ics_event = selectors.event_public_by_slug(slug)
    return request._ics_event


def _ics_etag(request, slug):
    event = _ics_event(request, slug)
    if event is None:
        return None
    # What the file depends on: the event's revision, the language and the
    # site's address (in the URL it carries).
    key = "|".join(
        str(part)
        for part in (
            event.uid,
            event.sequence,
            event.updated_at.isoformat(),
            ical.active_language(),
            ical.ICAL_FORMAT,
            ical.absolute_url(""),
            # The reminder it carries (DJANGO_EVENT_ALARM_MINUTES).
            settings.EVENTS_ALARM_MINUTES,
        )
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _ics_last_modified(request, slug):
    event = _ics_event(request, slug)
    return event.updated_at if event is not None else None


@require_safe
@rate_limit("feeds")
@condition(etag_func=_ics_etag, last_modified_func=_ics_last_modified)
def event_ics(request, slug):
    """One event's .ics; HEAD, ETag/Last-Modified and 304 as the feeds do."""
    event = _ics_event(request, slug)
    if event is None:
        raise Http404
    return calendar_response(ical.event_ics(event), filename=f"{event.slug}.ics")


# -- public feeds ----------------------------------------------------------------


def _feed_payload(request, scope="all", value=None):
    """The cached payload of the feed the URL names (memoised per request)."""
    cached = getattr(request, "_event_feed", None)
    if cached is not None:
        return cached
    if scope == "all":
        queryset = selectors.events_public_plain()
        key, name = "all", _("Mitra Pustaka literacy events")
        description = _(
            "Literacy events the host library runs with its partner institutions, "
            "kept up to date with every change and cancellation."
        )
    elif scope == "partner":
        partner = selectors.partner_for_feed(value)
        if partner is None:
            raise Http404
        queryset = selectors.events_public_of_partner(partner)
        key, name = (
            f"partner:{partner.pk}",
            _("Events with %(partner)s") % {"partner": partner.name},
        )
        description = _("Literacy events the host library runs with %(partner)s.") % {
            "partner": partner.name
        }
    elif scope == "programme":
        programme = selectors.programme_for_feed(value)
        if programme is None:
            raise Http404
        queryset = selectors.events_public_of_programme(programme)
        key, name = (
            f"programme:{programme.pk}",
            _("Events of %(programme)s") % {"programme": programme.title},
        )
        description = _("The events of the programme “%(programme)s” at Mitra Pustaka.") % {
            "programme": programme.title
        }
    elif scope == "kind" and value in EventKind.values:
        queryset = selectors.events_public_of_kind(value)
        label = EventKind(value).label
        key, name = f"kind:{value}", _("Mitra Pustaka: %(kind)s") % {"kind": label}
        description = _("Shared literacy events of one kind: %(kind)s.") % {"kind": label}
    else:
        raise Http404
    request._event_feed = cached_feed(
        key=key, queryset=queryset, name=name, description=description
    )
    return request._event_feed


@require_safe
@rate_limit("feeds")
@condition(
    etag_func=lambda request, **kwargs: _feed_payload(request, **kwargs).etag,
    last_modified_func=lambda request, **kwargs: _feed_payload(request, **kwargs).last_modified,
)
def feed(request, scope="all", value=None):
    payload = _feed_payload(request, scope=scope, value=value)
    response = calendar_response(payload.body)
    response["Cache-Control"] = "public, max-age=900"
    return response
