"""Visit statistics for staff: SVG bar charts, the screen that shows them and
their CSV download (anyone who may view visit requests). The tables are read
by ``visits.selectors.statistics`` (which visits count, one aggregate query
a table).
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal import audit
from portal.spreadsheets import spreadsheet_response
from visits.admin.breadcrumbs import PageTitleBreadcrumbsMixin
from visits.admin.permissions import ViewerMixin
from visits.selectors.statistics import (
    per_institution_kind,
    per_month,
    per_province,
    per_year,
    top_topics,
    visit_years,
)

# Chart geometry (SVG user units).
CHART_WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 56
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LABEL_CHARS = 28


# The tables staff see, by URL key: (title, function of the chosen year or None).
TABLES = {
    "month": (_("Visits per month"), lambda year: per_month(year=year)),
    "year": (_("Visits per year"), lambda year: per_year()),
    "kind": (_("Visits by kind of institution"), lambda year: per_institution_kind(year=year)),
    "province": (_("Visits by province"), lambda year: per_province(year=year)),
    "topic": (_("Top topics"), lambda year: top_topics(year=year)),
}
METRICS = {"visits": _("Visits"), "visitors": _("Visitors")}


def _short(label):
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(rows, *, metric):
    """Geometry of a horizontal bar chart of ``rows[metric]`` for the SVG template."""
    largest = max((row[metric] for row in rows), default=0)
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, row in enumerate(rows):
        value = row[metric]
        width = round(span * value / largest, 1) if largest else 0
        y = index * ROW_HEIGHT
        bars.append(
            {
                "label": _short(row["label"]),
                "full_label": row["label"],
                "value": value,
                "x": LABEL_WIDTH,
                "y": y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                "width": width,
                "height": BAR_HEIGHT,
                "text_y": y + ROW_HEIGHT / 2,
                "label_x": LABEL_WIDTH - 8,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "axis_x": LABEL_WIDTH,
        "bars": bars,
        "total": sum(row[metric] for row in rows),
    }


# The screen ---------------------------------------------------------------------------


def _parse_year(request):
    """The ``year`` parameter: an int, None for all years; (year, error message)."""
    raw = request.GET.get("year", "").strip()
    if raw == "all":
        return None, None
    if not raw:
        return "default", None
    if raw.isdigit() and 1900 <= int(raw) <= 2999:
        return int(raw), None
    return "default", gettext("“%(value)s” is not a year; showing the latest year instead.") % {
        "value": raw[:20]
    }


class StatisticsMixin(ViewerMixin):
    def get_year(self):
        year, error = _parse_year(self.request)
        self.years = visit_years()
        if year == "default":
            year = self.years[0] if self.years else datetime.date.today().year
        return year, error


class StatisticsView(
    PageTitleBreadcrumbsMixin, StatisticsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Charts and tables of held visits and their visitors, for one year or all."""

    template_name = "visits/statistics/index.html"
    page_title = _("Visit statistics")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, error = self.get_year()
        if error:
            messages.warning(self.request, error)
        metric = self.request.GET.get("metric", "visits")
        if metric not in METRICS:
            messages.warning(self.request, gettext("Unknown measure; showing visits."))
            metric = "visits"
        sections = []
        for key, (title, build) in TABLES.items():
            if key == "month" and year is None:
                continue
            rows = build(year)
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "rows": rows,
                    "chart": bar_chart(rows, metric=metric),
                    "totals": {
                        "visits": sum(row["visits"] for row in rows),
                        "visitors": sum(row["visitors"] for row in rows),
                    },
                    "csv_url": reverse("visit_statistics:csv", args=[key])
                    + f"?year={year if year is not None else 'all'}",
                }
            )
        context.update(
            year=year,
            years=self.years,
            metric=metric,
            metric_label=METRICS[metric],
            metrics=METRICS.items(),
            sections=sections,
        )
        return context


class StatisticsCsvView(StatisticsMixin, View):
    def get(self, request, table):
        if table not in TABLES:
            raise Http404
        year, error = self.get_year()
        if error or (table == "month" and year is None):
            messages.error(request, error or gettext("Choose a year for the monthly table."))
            return redirect("visit_statistics:index")
        title, build = TABLES[table]
        rows = build(year)
        label_heading = {
            "month": gettext("Month"),
            "year": gettext("Year"),
            "kind": gettext("Institution kind"),
            "province": gettext("Province"),
            "topic": gettext("Topic"),
        }[table]
        suffix = year if year is not None else "all"
        audit.record(
            request.user,
            "export.visit_statistics",
            request=request,
            format="csv",
            table=table,
            year=suffix,
            rows=len(rows),
        )
        return spreadsheet_response(
            f"visit-statistics-{table}-{suffix}",
            [label_heading, gettext("Visits"), gettext("Visitors")],
            [[row["label"], row["visits"], row["visitors"]] for row in rows],
            "csv",
        )


class VisitStatisticsViewSet(ViewSet):
    name = "visit_statistics"
    icon = "table"
    menu_label = _("Visit statistics")

    def get_urlpatterns(self):
        return [
            path("", StatisticsView.as_view(), name="index"),
            path("<slug:table>.csv", StatisticsCsvView.as_view(), name="csv"),
        ]
