import csv
import datetime
import io

import openpyxl
import pytest
from wagtail import hooks

from partners.selectors import report_rows
from portal import extensions
from portal.extensions import Activity
from portal.models import AuditEvent
from tests.factories.partners import AgreementFactory, PartnerActivityFactory

pytestmark = pytest.mark.django_db

NASTY = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def agreement(institution_a):
    return AgreementFactory(title="Program literasi kesehatan", partners=[institution_a])


def test_manual_activities_are_offered_through_the_hook(agreement):
    PartnerActivityFactory(agreement=agreement, title="Lokakarya", date=datetime.date(2026, 3, 1))
    PartnerActivityFactory(agreement=agreement, title="Di luar", date=datetime.date(2025, 1, 1))

    activities = extensions.agreement_activities(
        agreement_ids={agreement.pk},
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )

    assert [a.title for a in activities] == ["Lokakarya"]
    assert activities[0].participants == 20


def test_report_rows_merge_every_app(agreement):
    PartnerActivityFactory(agreement=agreement, title="Lokakarya", date=datetime.date(2026, 3, 1))

    def visits(agreement_ids, start, end):
        return [
            Activity(
                agreement.pk,
                "Kunjungan studi",
                "Studi banding",
                datetime.date(2026, 2, 1),
                12,
                "https://openlibrary.example/kunjungan/1/",
            )
        ]

    with hooks.register_temporarily(extensions.agreement_activities.name, visits):
        rows = report_rows(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))

    assert [row[3] for row in rows] == ["Studi banding", "Lokakarya"]
    assert (rows[0][0], rows[0][2], rows[0][6]) == (
        "Program literasi kesehatan",
        "Perpustakaan Alfa",
        12,
    )


def _nasty_rows(agreement):
    agreement.title = NASTY[0]
    agreement.save()
    for value in NASTY:
        PartnerActivityFactory(agreement=agreement, title=value, date=datetime.date(2026, 3, 1))


def test_csv_export_escapes_formulas(staff_client, agreement):
    _nasty_rows(agreement)

    response = staff_client.get(
        "/admin/partners/report/", {"start": "2026-01-01", "end": "2026-12-31", "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="implementation-2026-01-01-2026-12-31.csv"'
    )
    event = AuditEvent.objects.get(action="export.implementation_report")
    assert event.details["rows"] == len(NASTY)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(NASTY)
    for row in rows[1:]:
        assert row[0] == "'" + NASTY[0]
        assert row[3].startswith("'")
        assert row[5] == "2026-03-01"
    assert b'"' in response.content.splitlines()[1][:1]  # every cell quoted


def test_xlsx_export_holds_text_never_formulas(staff_client, agreement):
    _nasty_rows(agreement)

    response = staff_client.get(
        "/admin/partners/report/", {"start": "2026-01-01", "end": "2026-12-31", "format": "xlsx"}
    )

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.max_row == 1 + len(NASTY)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith("=")
    assert sheet.cell(row=2, column=7).value == 20
    assert sheet.cell(row=2, column=8).value == "https://openlibrary.example/berita/lokakarya/"


@pytest.mark.parametrize(
    "query",
    [
        {"start": "kemarin", "end": "2026-12-31", "format": "csv"},
        {"start": "2026-12-31", "end": "2026-01-01", "format": "csv"},
        {"start": "2026-01-01", "end": "2026-12-31", "format": "exe"},
    ],
)
def test_bad_report_input_gets_a_message(staff_client, query):
    response = staff_client.get("/admin/partners/report/", query)

    assert response.status_code == 400
    assert "help-critical" in response.text


def test_report_form_page(staff_client):
    assert staff_client.get("/admin/partners/report/").status_code == 200


def test_partners_cannot_export(client, member_a):
    client.force_login(member_a)

    response = client.get(
        "/admin/partners/report/", {"start": "2026-01-01", "end": "2026-12-31", "format": "csv"}
    )

    assert response.status_code in (302, 403)


def test_agreement_inspect_lists_its_activities(staff_client, agreement):
    PartnerActivityFactory(agreement=agreement, title="Lokakarya literasi kesehatan")

    response = staff_client.get(f"/admin/partners/agreements/inspect/{agreement.pk}/")

    assert "Lokakarya literasi kesehatan" in response.text


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("9999-01-01", "9999-12-31", "start"),
        ("2026-01-01", "9999-12-31", "end"),
        ("0001-01-01", "2026-12-31", "start"),
        ("1999-12-31", "2026-12-31", "start"),
    ],
)
def test_report_period_outside_the_window_gets_a_message(
    staff_client, start, end, field, frozen_time
):
    response = staff_client.get(
        "/admin/partners/report/", {"start": start, "end": end, "format": "xlsx"}
    )

    assert response.status_code == 400
    last = datetime.date(datetime.date.today().year + 10, 12, 31)
    message = f"Pilih tanggal antara 1 Januari 2000 dan {last.day} Desember {last.year}."
    assert response.context["form"].errors[field] == [message]
    assert message in response.text
    assert not AuditEvent.objects.filter(action="export.implementation_report").exists()


def test_report_survives_activities_stored_at_the_end_of_time(staff_client, agreement):
    from tests.factories.events import EventFactory
    from tests.factories.visits import ScheduledVisitFactory

    PartnerActivityFactory(agreement=agreement, title="Lokakarya", date=datetime.date(2026, 3, 1))
    PartnerActivityFactory(agreement=agreement, title="Kelak", date=datetime.date(9999, 12, 31))
    EventFactory(
        agreement=agreement,
        start=datetime.datetime(9999, 12, 30, 9, tzinfo=datetime.UTC),
        end=datetime.datetime(9999, 12, 30, 11, tzinfo=datetime.UTC),
    )
    ScheduledVisitFactory(
        agreement=agreement,
        institution=agreement.partners.first(),
        state="completed",
        scheduled_start=datetime.datetime(9999, 12, 31, 20, tzinfo=datetime.UTC),
        scheduled_end=datetime.datetime(9999, 12, 31, 22, tzinfo=datetime.UTC),
    )

    response = staff_client.get(
        "/admin/partners/report/", {"start": "2026-01-01", "end": "2026-12-31", "format": "csv"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["Lokakarya"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_report_form_keeps_its_default_period_in_both_languages(
    staff_client, staff_user, language, frozen_time
):
    import re

    from django.utils import timezone
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()
    today = timezone.localdate()
    page = staff_client.get("/admin/partners/report/").text
    values = dict(re.findall(r'<input type="date" name="(start|end)" value="([^"]*)"', page))
    assert values == {"start": f"{today.year}-01-01", "end": today.isoformat()}
