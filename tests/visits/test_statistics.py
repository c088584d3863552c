import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import InstitutionKind
from partners.provinces import Province
from portal.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.partners import InstitutionFactory
from tests.factories.visits import ScheduledVisitFactory, TopicFactory, VisitRequestFactory, wib
from tests.factories.visits_reports import VisitReportFactory
from visits.admin import statistics as screen
from visits.choices import VisitState
from visits.selectors import statistics

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def held(day, *, size=10, state=VisitState.COMPLETED, topics=(), **kwargs):
    visit = ScheduledVisitFactory(
        state=state,
        scheduled_start=wib(day, 9),
        group_size=size,
        leaders_count=0,
        librarians_count=size,
        **kwargs,
    )
    visit.topics.set(topics)
    return visit


@pytest.fixture
def sample():
    """Four held visits in 2024 and 2025 plus visits that must not count."""
    health = InstitutionFactory(
        kind=InstitutionKind.HEALTH_POLYTECHNIC, province=Province.SOUTH_KALIMANTAN
    )
    university = InstitutionFactory(
        kind=InstitutionKind.UNIVERSITY_LIBRARY, province=Province.WEST_JAVA
    )
    digital = TopicFactory(slug="digital", name_id="Perpustakaan digital", name_en="Digital")
    literacy = TopicFactory(slug="literasi", name_id="Literasi kesehatan", name_en="Health")
    march = held(
        datetime.date(2024, 3, 26),
        size=20,
        state=VisitState.REPORTED,
        institution=health,
        topics=[digital, literacy],
    )
    VisitReportFactory(request=march, attendance_count=23)  # attendance beats group size
    held(datetime.date(2024, 3, 28), size=5, institution=university, topics=[digital])
    held(datetime.date(2024, 7, 2), size=8, institution=health, topics=[literacy])
    held(datetime.date(2025, 1, 14), size=12, institution=university)
    # Not held: never counted.
    ScheduledVisitFactory(scheduled_start=wib(datetime.date(2024, 3, 27), 9), institution=health)
    VisitRequestFactory(state=VisitState.CANCELLED, institution=health)
    return {"health": health, "university": university}


def test_per_month_counts_held_visits_and_visitors(sample):
    rows = statistics.per_month(year=2024)

    assert len(rows) == 12
    assert [(row["key"], row["visits"], row["visitors"]) for row in rows if row["visits"]] == [
        (3, 2, 28),
        (7, 1, 8),
    ]


def test_per_year(sample):
    assert [(row["label"], row["visits"], row["visitors"]) for row in statistics.per_year()] == [
        ("2024", 3, 36),
        ("2025", 1, 12),
    ]


def test_by_kind_and_province(sample):
    kinds = statistics.per_institution_kind(year=2024)
    provinces = statistics.per_province(year=None)

    assert [(row["key"], row["visits"], row["visitors"]) for row in kinds] == [
        ("health_polytechnic", 2, 31),
        ("university", 1, 5),
    ]
    assert [(row["label"], row["visits"], row["visitors"]) for row in provinces] == [
        ("Kalimantan Selatan", 2, 31),
        ("Jawa Barat", 2, 17),
    ]


def test_top_topics(sample):
    with translation.override("id"):
        rows = statistics.top_topics(year=2024)
    assert [(row["label"], row["visits"], row["visitors"]) for row in rows] == [
        ("Literasi kesehatan", 2, 31),
        ("Perpustakaan digital", 2, 28),
    ]


def test_visit_years(sample):
    assert statistics.visit_years() == [2025, 2024]


def test_bar_chart_scales_to_the_largest_value():
    chart = screen.bar_chart(
        [
            {"label": "A", "visits": 4, "visitors": 0},
            {"label": "B" * 40, "visits": 1, "visitors": 0},
        ],
        metric="visits",
    )
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[0] == screen.CHART_WIDTH - screen.LABEL_WIDTH - screen.VALUE_WIDTH
    assert widths[1] == pytest.approx(widths[0] / 4, abs=0.1)
    assert chart["bars"][1]["label"].endswith("…")
    assert chart["total"] == 5


def test_bar_chart_of_zeros_has_no_bars_of_width():
    chart = screen.bar_chart([{"label": "A", "visits": 0, "visitors": 0}], metric="visits")
    assert chart["bars"][0]["width"] == 0


def test_statistics_page_has_accessible_charts_and_tables(staff_client, sample):
    response = staff_client.get(reverse("visit_statistics:index"), {"year": "2024"})

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('role="img"') == 5
    assert '<title id="chart-month-title">Kunjungan per bulan: Kunjungan</title>' in content
    assert "Maret" in content
    assert "Kalimantan Selatan" in content
    assert reverse("visit_statistics:csv", args=["province"]) + "?year=2024" in content


def test_statistics_all_years_drops_the_month_table(staff_client, sample):
    response = staff_client.get(reverse("visit_statistics:index"), {"year": "all"})
    keys = [section["key"] for section in response.context["sections"]]
    assert keys == ["year", "kind", "province", "topic"]


@pytest.mark.parametrize("year", ["20x4", "-1", "99999", "'; drop"])
def test_statistics_malformed_year_gives_message(staff_client, sample, year):
    response = staff_client.get(reverse("visit_statistics:index"), {"year": year})

    assert response.status_code == 200
    assert response.context["year"] == 2025
    messages = [str(message) for message in response.context["messages"]]
    assert any("bukan tahun" in message for message in messages)


def test_statistics_unknown_metric_falls_back(staff_client, sample):
    response = staff_client.get(reverse("visit_statistics:index"), {"metric": "__class__"})
    assert response.context["metric"] == "visits"


def test_statistics_visitors_metric(staff_client, sample):
    response = staff_client.get(
        reverse("visit_statistics:index"), {"year": "2024", "metric": "visitors"}
    )
    month = response.context["sections"][0]
    assert month["chart"]["total"] == 36


def test_statistics_query_count_does_not_grow(staff_client, sample, assert_query_count_stable):
    def grow():
        topic = TopicFactory()
        for day in range(1, 25):
            visit = held(
                datetime.date(2024, 5, day), institution=InstitutionFactory(), topics=[topic]
            )
            if day % 2:
                VisitReportFactory(request=visit)

    assert_query_count_stable(
        lambda: staff_client.get(reverse("visit_statistics:index"), {"year": "2024"}), grow
    )


def test_statistics_csv_download(staff_client, staff_user, sample):
    response = staff_client.get(
        reverse("visit_statistics:csv", args=["province"]), {"year": "2024"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Provinsi", "Kunjungan", "Pengunjung"],
        ["Kalimantan Selatan", "2", "31"],
        ["Jawa Barat", "1", "5"],
    ]
    event = AuditEvent.objects.get(action="export.visit_statistics")
    assert event.actor == staff_user
    assert event.details["table"] == "province"


def test_statistics_csv_unknown_table_is_404(staff_client):
    assert staff_client.get("/admin/visit_statistics/nothing.csv").status_code == 404


def test_statistics_csv_malformed_year_redirects_with_message(staff_client, sample):
    response = staff_client.get(
        reverse("visit_statistics:csv", args=["kind"]), {"year": "abc"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("visit_statistics:index")
    assert not AuditEvent.objects.filter(action="export.visit_statistics").exists()


def test_statistics_denied_to_partners_and_writers(client, sample):
    from django.contrib.auth.models import Group

    for user in (UserFactory(), UserFactory(groups=[Group.objects.get(name="Writers")])):
        client.force_login(user)
        for url in (
            reverse("visit_statistics:index"),
            reverse("visit_statistics:csv", args=["year"]),
        ):
            assert client.get(url).status_code in (302, 403)


def test_statistics_svg_is_well_formed(staff_client, sample):
    from xml.etree import ElementTree

    content = staff_client.get(reverse("visit_statistics:index"), {"year": "2024"}).content
    charts = re.findall(rb'<svg role="img".*?</svg>', content, flags=re.S)
    assert len(charts) == 5
    for svg in charts:
        root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
        assert root.find("{http://www.w3.org/2000/svg}title").text


def test_statistics_svg_numbers_parse_in_indonesian(staff_client, sample):
    from xml.etree import ElementTree

    content = staff_client.get(reverse("visit_statistics:index"), {"year": "2024"}).content
    assert b'lang="id"' in content
    numeric = {"x", "y", "width", "height", "x1", "y1", "x2", "y2"}
    charts = re.findall(rb'<svg role="img".*?</svg>', content, flags=re.S)
    bars = 0
    for svg in charts:
        root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
        assert [float(part) for part in root.get("viewBox").split()][:2] == [0, 0]
        for element in root.iter():
            for name in numeric & set(element.attrib):
                float(element.get(name))  # "4,0" would raise
        bars += sum(
            1
            for rect in root.iter("{http://www.w3.org/2000/svg}rect")
            if float(rect.get("width")) > 0
        )
    assert bars >= 5


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("visit_statistics:index", "Statistik kunjungan"),
        ("visit_export:index", "Ekspor permohonan kunjungan"),
    ],
)
def test_staff_screens_name_themselves_in_the_header(staff_client, url, title):
    import re

    html = staff_client.get(reverse(url)).content.decode()

    breadcrumbs = re.search(r'<nav [^>]*aria-label="Remah roti">(.*?)</nav>', html, re.S)
    assert breadcrumbs is not None
    assert title in breadcrumbs.group(1)
