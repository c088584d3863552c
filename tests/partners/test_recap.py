"""The yearly recap (issue 15, part 5): figures for a constructed dataset,
rolled up from IA to MoA to MoU; the staff screen, its XLSX and evidence
pack, the audit log; a year without data; a fixed number of queries."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import FollowUp, PartnerCategory
from partners.recap import recap_for_year
from portal.models import AuditEvent
from tests.factories.files import pdf_upload
from tests.factories.partners import (
    AgreementDocumentFactory,
    AgreementFactory,
    InstitutionFactory,
    PartnerActivityFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2025


def _day(month, day, year=YEAR):
    return datetime.date(year, month, day)


def _done(institution, agreement, title, done_on, **fields):
    return FollowUp.objects.create(
        institution=institution,
        agreement=agreement,
        title=title,
        side="partner",
        owner="Nur Aisyah",
        due_date=done_on,
        status="done",
        done_on=done_on,
        evidence_url=fields.pop("evidence_url", "https://alfa.example/bukti"),
        **fields,
    )


@pytest.fixture
def dataset(institution_a, institution_b):
    national = PartnerCategory.objects.create(
        name="Perguruan tinggi dalam negeri", name_en="National university", weight="0.75"
    )
    community = PartnerCategory.objects.create(
        name="Komunitas", name_en="Community", weight="0.50", sort_order=5
    )
    institution_a.category = national
    institution_a.save()
    institution_b.category = community
    institution_b.save()
    mou = AgreementFactory(
        kind="mou",
        title="MoU Alfa",
        signed_on=_day(6, 10, 2024),
        end_date=_day(6, 9, 2029),
        partners=[institution_a],
    )
    moa = AgreementFactory(
        kind="moa",
        title="PKS Alfa",
        parent=mou,
        signed_on=_day(8, 1, 2024),
        end_date=_day(7, 31, 2027),
        partners=[institution_a],
    )
    ia = AgreementFactory(
        kind="ia",
        title="IA Alfa",
        parent=moa,
        signed_on=_day(2, 3),
        end_date=_day(12, 31, 2026),
        partners=[institution_a],
    )
    beta = AgreementFactory(
        kind="mou",
        title="MoU Beta",
        signed_on=_day(5, 20),
        end_date=_day(5, 19, 2030),
        partners=[institution_b],
    )
    # Not in force in YEAR: ended before it, a draft, terminated before it.
    AgreementFactory(
        title="MoU lama",
        signed_on=_day(1, 1, 2019),
        end_date=_day(12, 31, 2024),
        partners=[institution_a],
    )
    AgreementFactory(title="Draf", signed_on=None, start_date=_day(3, 1), partners=[institution_a])
    AgreementFactory(
        title="Dihentikan",
        signed_on=_day(1, 1, 2023),
        terminated_on=_day(12, 1, 2024),
        termination_reason="Tidak berjalan.",
        partners=[institution_b],
    )
    PartnerActivityFactory(agreement=ia, title="Lokakarya", date=_day(3, 12), participants=18)
    PartnerActivityFactory(agreement=ia, title="Tahun lalu", date=_day(11, 1, 2024))
    _done(institution_a, moa, "Laporan semester", _day(7, 15))
    _done(institution_a, ia, "Daftar hadir", _day(10, 30))
    _done(institution_a, ia, "Selesai tahun lalu", _day(12, 20, 2024))
    FollowUp.objects.create(
        institution=institution_a,
        agreement=ia,
        title="Masih terbuka",
        side="partner",
        owner="Nur",
        due_date=_day(11, 1),
    )
    AgreementDocumentFactory(agreement=mou, title="MoU bertanda tangan")
    return {"mou": mou, "moa": moa, "ia": ia, "beta": beta}


def test_recap_rolls_figures_up_from_ia_to_moa_to_mou(dataset, institution_a, institution_b):
    recap = recap_for_year(YEAR)

    rows = {row.agreement.title: row for row in recap.agreements}
    assert [(row.agreement.title, row.level) for row in recap.agreements] == [
        ("MoU Alfa", 0),
        ("PKS Alfa", 1),
        ("IA Alfa", 2),
        ("MoU Beta", 0),
    ]
    ia, moa, mou = rows["IA Alfa"], rows["PKS Alfa"], rows["MoU Alfa"]
    assert (ia.own.activity, ia.own.follow_up, ia.own.participants) == (1, 1, 18)
    assert (moa.own.follow_up, moa.total.follow_up, moa.total.activity) == (1, 2, 1)
    assert (mou.own.total, mou.total.total, mou.total.participants) == (0, 3, 18)
    assert rows["MoU Beta"].total.total == 0
    assert [document.title for document in mou.documents] == ["MoU bertanda tangan"]
    assert (recap.totals.activity, recap.totals.follow_up, recap.totals.participants) == (1, 2, 18)


def test_recap_per_partner_and_category_with_weights(dataset, institution_a, institution_b):
    recap = recap_for_year(YEAR)

    partners = {row.institution.name: row for row in recap.partners}
    alfa, beta = partners["Perpustakaan Alfa"], partners["Perpustakaan Beta"]
    assert alfa.in_force == {"mou": 1, "moa": 1, "ia": 1}
    assert (alfa.implemented, alfa.weighted) == (3, Decimal("2.25"))
    assert (beta.implemented, beta.weighted) == (0, Decimal("0.00"))
    assert recap.weighted_total == Decimal("2.25")
    # MoU, MoA, IA, letter of intent; then the total.
    assert [(label, counts, total) for label, _weight, counts, total in recap.by_category] == [
        ("Perguruan tinggi dalam negeri", [1, 1, 1, 0], 3),
        ("Komunitas", [1, 0, 0, 0], 1),
    ]


def test_recap_of_a_year_without_agreements_is_empty():
    AgreementFactory(signed_on=_day(1, 1, 2024))

    recap = recap_for_year(2010)

    assert recap.is_empty
    assert (recap.partners, recap.activities, recap.totals.total) == ([], [], 0)


def test_recap_query_count_does_not_grow_with_partners(dataset):
    with CaptureQueriesContext(connection) as few:
        recap_for_year(YEAR)
    for n in range(4):
        partner = InstitutionFactory(category=PartnerCategory.objects.first())
        mou = AgreementFactory(signed_on=_day(1, 5), partners=[partner])
        moa = AgreementFactory(kind="moa", parent=mou, signed_on=_day(1, 6), partners=[partner])
        PartnerActivityFactory(agreement=moa, date=_day(4, n + 1))
        _done(partner, moa, f"Tindak lanjut {n}", _day(5, n + 1))
        AgreementDocumentFactory(agreement=mou)

    with CaptureQueriesContext(connection) as many:
        recap = recap_for_year(YEAR)

    assert len(recap.partners) == 6
    assert len(many) == len(few)


# The staff screen ------------------------------------------------------------------------


def test_staff_see_the_recap_of_a_year(client, staff_user, dataset):
    client.force_login(staff_user)

    response = client.get("/admin/partners/recap/", {"year": YEAR})

    assert response.status_code == 200
    text = response.text
    for expected in ("MoU Alfa", "PKS Alfa", "IA Alfa", "Perpustakaan Alfa", "2,25", "Lokakarya"):
        assert expected in text
    assert "Selesai tahun lalu" not in text


def test_recap_screen_query_count_is_fixed(client, staff_user, dataset):
    client.force_login(staff_user)
    client.get("/admin/partners/recap/", {"year": YEAR})  # warm caches
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/partners/recap/", {"year": YEAR})
    for _ in range(3):
        partner = InstitutionFactory()
        agreement = AgreementFactory(signed_on=_day(1, 5), partners=[partner])
        PartnerActivityFactory(agreement=agreement, date=_day(4, 1))

    with CaptureQueriesContext(connection) as many:
        client.get("/admin/partners/recap/", {"year": YEAR})

    assert len(many) == len(few)


def test_a_year_without_data_shows_an_empty_recap_with_a_message(client, staff_user, dataset):
    client.force_login(staff_user)

    empty = client.get("/admin/partners/recap/", {"year": 2010})
    far = client.get("/admin/partners/recap/", {"year": 1990})
    malformed = client.get("/admin/partners/recap/", {"year": "dua ribu"})

    assert empty.status_code == 200
    assert "Tidak ada perjanjian yang berlaku pada 2010" in empty.text
    assert far.status_code == 200
    assert "1990" in far.text and "MoU Alfa" not in far.text
    assert malformed.status_code == 400
    assert "bukan tahun" in malformed.text


def test_recap_xlsx_holds_the_figures_and_is_audit_logged(client, staff_user, dataset):
    client.force_login(staff_user)

    response = client.get("/admin/partners/recap/xlsx/", {"year": YEAR})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rekap-2025.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ringkasan", "Perjanjian", "Mitra", "Bukti"]
    agreements = {row[2]: row for row in workbook["Perjanjian"].iter_rows(values_only=True)}
    assert agreements["MoU Alfa"][10:16] == (0, 0, 0, 2, 1, 18)
    partners = {row[0]: row for row in workbook["Mitra"].iter_rows(values_only=True)}
    assert partners["Perpustakaan Alfa"][1:3] == ("Perguruan tinggi dalam negeri", 0.75)
    assert partners["Perpustakaan Alfa"][7:9] == (3, 2.25)
    evidence = [row[2] for row in workbook["Bukti"].iter_rows(min_row=2, values_only=True)]
    assert evidence == ["Lokakarya", "Laporan semester", "Daftar hadir"]
    event = AuditEvent.objects.get(action="export.yearly_recap")
    assert (event.actor, event.details["year"], event.details["agreements"]) == (
        staff_user,
        2025,
        4,
    )


def test_recap_xlsx_defuses_formulas(client, staff_user, dataset):
    dataset["ia"].title = '=HYPERLINK("http://evil.example")'
    dataset["ia"].save()
    client.force_login(staff_user)

    response = client.get("/admin/partners/recap/xlsx/", {"year": YEAR})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Perjanjian"]
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example")' in titles


def test_recap_in_english_for_an_english_speaking_admin(client, staff_user, dataset):
    staff_user.preferred_language = "en"
    staff_user.save()
    client.force_login(staff_user)

    page = client.get("/admin/partners/recap/", {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/admin/partners/recap/xlsx/", {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")

    assert "Yearly recap" in page.text
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Agreements", "Partners", "Evidence"]


def test_evidence_pack_holds_the_files_of_the_year(client, staff_user, dataset, institution_a):
    with_file = _done(
        institution_a,
        dataset["ia"],
        "Foto kegiatan",
        _day(11, 2),
        evidence_url="",
        evidence_file=pdf_upload("foto-kegiatan.pdf"),
    )
    client.force_login(staff_user)

    response = client.get("/admin/partners/recap/evidence-pack/", {"year": YEAR})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    document = dataset["mou"].documents.get()
    assert names[0] == "rekap-2025.xlsx"
    assert f"agreements/{dataset['mou'].pk}-{document.download_name}" in names
    assert any(name.startswith(f"follow-up-evidence/{with_file.pk}-") for name in names)
    event = AuditEvent.objects.get(action="export.recap_evidence_pack")
    assert (event.actor, event.details["files"]) == (staff_user, len(names))


def test_downloads_without_a_year_go_back_to_the_screen(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/admin/partners/recap/xlsx/")

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="export.yearly_recap").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/partners/recap/?year=2025",
        "/admin/partners/recap/xlsx/?year=2025",
        "/admin/partners/recap/evidence-pack/?year=2025",
        "/admin/partners/categories/",
        "/admin/partners/follow-ups/",
    ],
)
def test_partner_members_never_see_the_recap(client, member_a, dataset, url):
    client.force_login(member_a)

    response = client.get(url)

    assert response.status_code in (302, 403)
    assert "MoU Alfa" not in response.text
    assert "MoU Beta" not in response.text
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()
