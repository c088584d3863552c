"""Visit statistics: the reads behind the staff's statistics screen and its
CSV download (``visits.admin.statistics``), each table aggregated in the
database.

Only visits that took place count ("completed" and "reported"), on the day
of their visit in the portal's time zone. Visitors are the participants
marked present at the visit where attendance was marked, else the attendance
from the report when there is one, otherwise the group size the partner
announced.
Every table is one aggregate query, whatever the number of visits; a row is
``{"key", "label", "visits", "visitors"}``.
"""

from django.db.models import Count, IntegerField, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.dates import MONTHS

from partners.models import InstitutionKind
from partners.provinces import Province
from visits.choices import HELD_STATES
from visits.models import Topic, VisitRequest
from visits.selectors.delegation import present_count_subquery

TOP_TOPICS = 10


def _visitors(prefix=""):
    return Coalesce(
        present_count_subquery(f"{prefix}pk"),
        f"{prefix}report__attendance_count",
        f"{prefix}group_size",
        output_field=IntegerField(),
    )


def held_visits(*, year=None):
    """Visits that took place (in ``year`` if given)."""
    queryset = VisitRequest.objects.filter(state__in=HELD_STATES, scheduled_start__isnull=False)
    if year is not None:
        queryset = queryset.filter(scheduled_start__year=year)
    return queryset


def visit_years():
    """The years with at least one held visit, newest first."""
    return list(
        held_visits()
        .annotate(year=ExtractYear("scheduled_start"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def _rows(queryset, key):
    return (
        queryset.values(key).annotate(visits=Count("pk"), visitors=Sum(_visitors())).order_by(key)
    )


def per_year():
    rows = _rows(held_visits().annotate(year=ExtractYear("scheduled_start")), "year")
    return [{"key": row["year"], "label": str(row["year"]), **_numbers(row)} for row in rows]


def per_month(*, year):
    """Twelve rows for ``year``, months without visits included as zero."""
    rows = _rows(held_visits(year=year).annotate(month=ExtractMonth("scheduled_start")), "month")
    found = {row["month"]: row for row in rows}
    return [
        {
            "key": month,
            "label": str(_month_name(month)),
            **_numbers(found.get(month, {})),
        }
        for month in range(1, 13)
    ]


def _month_name(month):
    return MONTHS[month]


def _numbers(row):
    return {"visits": row.get("visits") or 0, "visitors": row.get("visitors") or 0}


def _sorted(rows):
    return sorted(rows, key=lambda row: (-row["visits"], -row["visitors"], row["label"]))


def per_institution_kind(*, year=None):
    labels = dict(InstitutionKind.choices)
    rows = _rows(held_visits(year=year), "institution__kind")
    return _sorted(
        {
            "key": row["institution__kind"],
            "label": str(labels.get(row["institution__kind"], row["institution__kind"])),
            **_numbers(row),
        }
        for row in rows
    )


def per_province(*, year=None):
    labels = dict(Province.choices)
    rows = _rows(held_visits(year=year), "institution__province")
    return _sorted(
        {
            "key": row["institution__province"],
            "label": str(labels.get(row["institution__province"], row["institution__province"])),
            **_numbers(row),
        }
        for row in rows
    )


def top_topics(*, year=None, limit=TOP_TOPICS):
    """The topics of the most held visits; a visit counts once for each of its topics."""
    filters = {
        "visit_requests__state__in": HELD_STATES,
        "visit_requests__scheduled_start__isnull": False,
    }
    if year is not None:
        filters["visit_requests__scheduled_start__year"] = year
    rows = (
        Topic.objects.filter(**filters)
        .annotate(visits=Count("visit_requests"), visitors=Sum(_visitors("visit_requests__")))
        .order_by("-visits", "-visitors", "sort_order", "name_id")[:limit]
    )
    return [{"key": topic.slug, "label": topic.label, **_numbers(vars(topic))} for topic in rows]
