"""Shared literacy events in the public API (/api/v2/events/): public events
with their dates (a series expanded) in a bounded date range, filtered by
kind, mode, status, partner and programme. Never the agreement an event
implements, its private flag or its calendar internals."""

import datetime
import re

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.response import Response
from wagtail.images.api.fields import ImageRenditionField

from partners.events import selectors
from partners.events.choices import EventKind, EventLanguage, EventMode, EventStatus
from partners.events.models import Event
from portal.api import schema
from portal.api.base import InvalidParameter, PublicEndpoint, parse_choice, parse_id

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DEFAULT_RANGE_DAYS = 90
IMAGE_SPEC = "fill-480x300|format-webp"


def _iso(value):
    return value.isoformat()


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    mode_label = serializers.CharField(source="get_mode_display")
    status_label = serializers.CharField(source="get_status_display")
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    organisers = serializers.SerializerMethodField()
    programme = serializers.SerializerMethodField()
    occurrences = serializers.SerializerMethodField()
    image = ImageRenditionField(IMAGE_SPEC)
    html_url = serializers.SerializerMethodField()
    ical_url = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "description",
            "kind",
            "kind_label",
            "mode",
            "mode_label",
            "status",
            "status_label",
            "start",
            "end",
            "all_day",
            "time_zone",
            "rrule",
            "occurrences",
            "venue",
            "address",
            "online_url",
            "registration_url",
            "capacity",
            "audience",
            "language",
            "host_is_organiser",
            "organisers",
            "programme",
            "image",
            "html_url",
            "ical_url",
            "detail_url",
            "updated_at",
        ]
        read_only_fields = fields

    def _absolute(self, path):
        return self.context["request"].build_absolute_uri(path)

    def get_start(self, event):
        return _iso(event.local_start)

    def get_end(self, event):
        return _iso(event.local_end)

    def get_organisers(self, event):
        """The partner organisers that are public (verified, not archived):
        an institution not listed publicly is not named through the API."""
        return [
            {
                "id": partner.pk,
                "slug": partner.slug,
                "name": partner.name,
                "detail_url": self._absolute(reverse("api:partners:detail", args=(partner.pk,))),
            }
            for partner in event.partners.all()
            if partner.is_verified and partner.archived_at is None
        ]

    def get_programme(self, event):
        programme = self.context["programmes"].get(event.programme_id)
        if programme is None:
            return None
        return {
            "id": programme.pk,
            "title": programme.title,
            "html_url": programme.get_full_url(self.context["request"]),
        }

    def get_occurrences(self, event):
        pairs = self.context["occurrences"].get(event.pk, ())
        return [{"start": _iso(start), "end": _iso(end)} for start, end in pairs]

    def get_html_url(self, event):
        return self._absolute(event.get_absolute_url())

    def get_ical_url(self, event):
        return self._absolute(reverse("events:event-ics", kwargs={"slug": event.slug}))

    def get_detail_url(self, event):
        return self._absolute(reverse("api:events:detail", args=(event.pk,)))


def _parse_date(request, name, default):
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        if not DATE.fullmatch(raw):
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise InvalidParameter(
            name, _("%(name)s must be a date written YYYY-MM-DD.") % {"name": name}
        ) from None


def date_range(request):
    """The [after, before] instants of ?start= and ?end= (whole days in the
    portal's time zone, ``end`` included), checked and bounded."""
    start = _parse_date(request, "start", timezone.localdate())
    try:
        default_end = start + datetime.timedelta(days=DEFAULT_RANGE_DAYS - 1)
    except OverflowError:
        default_end = datetime.date.max
    end = _parse_date(request, "end", default_end)
    if end < start:
        raise InvalidParameter("end", _("end cannot be before start."))
    longest = settings.PORTAL_API_MAX_RANGE_DAYS
    if (end - start).days + 1 > longest:
        raise InvalidParameter(
            "end",
            _("The range from start to end can be %(days)d days at most.") % {"days": longest},
        )
    zone = timezone.get_default_timezone()
    try:
        after = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
        before = datetime.datetime.combine(
            end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        ) - datetime.timedelta(microseconds=1)
    except OverflowError:
        raise InvalidParameter("end", _("This date is out of range.")) from None
    return after, before


def _partner(request):
    raw = request.GET.get("partner", "")
    if not raw:
        return None
    if raw.isdigit():
        partner = selectors.partners_for_filter().filter(pk=parse_id(request, "partner")).first()
    elif re.fullmatch(r"[-a-zA-Z0-9_]{1,120}", raw):
        partner = selectors.partner_for_feed(raw)
    else:
        partner = None
    if partner is None:
        raise InvalidParameter("partner", _("There is no public partner with this id or slug."))
    return partner


def _programme(request):
    pk = parse_id(request, "programme")
    if pk is None:
        return None
    programme = selectors.programme_for_feed(pk)
    if programme is None:
        raise InvalidParameter("programme", _("There is no public programme with this id."))
    return programme


class EventsEndpoint(PublicEndpoint):
    name = "events"
    model = Event
    serializer_class = EventSerializer
    filter_parameters = ("start", "end", "kind", "mode", "status", "partner", "programme")

    def get_queryset(self):
        return selectors.events_public_plain()

    def detail_parameters(self):
        return ("start", "end")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["programmes"] = {page.pk: page for page in selectors.programmes_for_filter()}
        context.setdefault("occurrences", getattr(self, "_occurrences", {}))
        return context

    def listing_view(self, request):
        self.check_query_parameters()
        after, before = date_range(request)
        queryset = selectors.events_filtered(
            self.get_queryset(),
            partner=_partner(request),
            programme=_programme(request),
            kind=parse_choice(request, "kind", EventKind),
            mode=parse_choice(request, "mode", EventMode),
        )
        status = parse_choice(request, "status", EventStatus)
        if status:
            queryset = queryset.filter(status=status)
        found = []
        for event in selectors.events_overlapping(queryset, after=after, before=before):
            pairs = event.occurrences(after=after, before=before)
            if pairs:
                # What selectors.complete carries over: the first date in range.
                event.next_start, event.next_end = pairs[0]
                found.append((pairs[0][0], event.pk, event, pairs))
        found.sort(key=lambda entry: (entry[0], entry[1]))
        page, total = self.paginate(found)
        self._occurrences = {pk: pairs for _first, pk, _event, pairs in page}
        events = selectors.complete([event for _first, _pk, event, _pairs in page])
        serializer = self.get_serializer(events, many=True)
        return Response({"meta": {"total_count": total}, "items": serializer.data})

    def detail_view(self, request, pk):
        self.check_detail_parameters()
        after, before = date_range(request)
        queryset = selectors.with_relations(self.get_queryset().defer("ical_cache"))
        event = queryset.filter(pk=pk).first()
        if event is None:
            raise Http404
        self._occurrences = {event.pk: event.occurrences(after=after, before=before)}
        return Response(self.get_serializer(event).data)

    @classmethod
    def openapi_description(cls):
        return gettext_lazy("Shared literacy events, a series with each of its dates.")

    @classmethod
    def openapi_paths(cls):
        range_parameters = [
            schema.query(
                "start",
                _("First day of the range, YYYY-MM-DD in WIB (today by default)."),
                {"type": "string", "format": "date"},
            ),
            schema.query(
                "end",
                _(
                    "Last day of the range, YYYY-MM-DD (start + %(default)d days by default; "
                    "the range is %(max)d days at most)."
                )
                % {
                    "default": DEFAULT_RANGE_DAYS - 1,
                    "max": settings.PORTAL_API_MAX_RANGE_DAYS,
                },
                {"type": "string", "format": "date"},
            ),
        ]
        return {
            "/events/": {
                "get": {
                    "operationId": "events_list",
                    "tags": ["events"],
                    "summary": _("Shared events in a date range"),
                    "description": _(
                        "Public events with at least one date in the range, soonest first; "
                        "each lists its dates (occurrences) in the range."
                    ),
                    "parameters": [
                        *range_parameters,
                        schema.query(
                            "kind", _("Only this kind."), {"enum": list(EventKind.values)}
                        ),
                        schema.query(
                            "mode", _("Only this mode."), {"enum": list(EventMode.values)}
                        ),
                        schema.query(
                            "status", _("Only this status."), {"enum": list(EventStatus.values)}
                        ),
                        schema.query(
                            "partner", _("Only events a partner organises: its id or slug.")
                        ),
                        schema.query(
                            "programme",
                            _("Only events of a programme: its page id."),
                            {"type": "integer", "minimum": 1},
                        ),
                        *schema.pagination_parameters(),
                    ],
                    "responses": {
                        "200": schema.json_response(
                            _("A page of events."), schema.listing_of("Event")
                        ),
                        **schema.error_responses("304", "400", "429"),
                    },
                }
            },
            "/events/{id}/": {
                "get": {
                    "operationId": "events_detail",
                    "tags": ["events"],
                    "summary": _("One shared event"),
                    "description": _("The event, with its dates in the range."),
                    "parameters": [schema.path_id(_("The event's id.")), *range_parameters],
                    "responses": {
                        "200": schema.json_response(_("The event."), schema.ref("Event")),
                        **schema.error_responses("304", "400", "404", "429"),
                    },
                }
            },
        }

    @classmethod
    def openapi_schemas(cls):
        text, nullable = schema.string, schema.nullable
        instant = text(format="date-time")
        return {
            "Event": schema.obj(
                {
                    "id": schema.integer(),
                    "slug": text(),
                    "title": text(),
                    "summary": text(),
                    "description": text(),
                    "kind": text(enum=list(EventKind.values)),
                    "kind_label": text(),
                    "mode": text(enum=list(EventMode.values)),
                    "mode_label": text(),
                    "status": text(enum=list(EventStatus.values)),
                    "status_label": text(),
                    "start": text(
                        _("Start of the first date, in the event's time zone."), format="date-time"
                    ),
                    "end": text(_("End of the first date."), format="date-time"),
                    "all_day": {"type": "boolean"},
                    "time_zone": text(_("The IANA zone the event happens in.")),
                    "rrule": text(_("For a series, its iCalendar RRULE; else empty.")),
                    "occurrences": {
                        "type": "array",
                        "description": _("The dates in the requested range."),
                        "items": schema.obj({"start": instant, "end": instant}),
                    },
                    "venue": text(),
                    "address": text(),
                    "online_url": text(),
                    "registration_url": text(),
                    "capacity": nullable(schema.integer()),
                    "audience": text(),
                    "language": text(enum=list(EventLanguage.values)),
                    "host_is_organiser": {"type": "boolean"},
                    "organisers": {
                        "type": "array",
                        "description": _("The public partner institutions among the organisers."),
                        "items": schema.obj(
                            {
                                "id": schema.integer(),
                                "slug": text(),
                                "name": text(),
                                "detail_url": text(),
                            }
                        ),
                    },
                    "programme": nullable(
                        schema.obj(
                            {"id": schema.integer(), "title": text(), "html_url": nullable(text())}
                        )
                    ),
                    "image": nullable(schema.ref("ImageRendition")),
                    "html_url": text(),
                    "ical_url": text(),
                    "detail_url": text(),
                    "updated_at": instant,
                }
            )
        }
