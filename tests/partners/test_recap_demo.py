"""The recap of the demo year, downloaded as staff would: the XLSX holds the
figures the demo data implies and the evidence pack the files behind them."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command

from partners.demo import RECAP_DEMO_YEAR
from portal.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, time_machine):
    # Some demo dates follow the day it is loaded: load it on a fixed day.
    time_machine.move_to(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC))
    settings.DEBUG = True
    call_command("load_demo_data", verbosity=0)


def _rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_demo_recap_xlsx_holds_the_demo_figures(client, demo):
    client.force_login(User.objects.get(email="kerjasama@openlibrary.example"))

    response = client.get("/admin/partners/recap/xlsx/", {"year": RECAP_DEMO_YEAR})

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    agreements = {row[2]: row for row in _rows(workbook["Perjanjian"])}
    mou = agreements["Kerja sama pengembangan perpustakaan dan literasi"]
    moa = agreements["Program literasi kesehatan bersama"]
    ia = agreements["Pelatihan penelusuran informasi kesehatan untuk pustakawan"]
    # level, own activities, then rolled up: visits, events, follow-ups, other, participants
    assert (ia[0], ia[10], *ia[11:16]) == (2, 4, 1, 1, 1, 1, 33)
    assert (moa[0], moa[10], *moa[11:16]) == (1, 1, 1, 1, 2, 1, 33)
    assert (mou[0], mou[10], *mou[11:16]) == (0, 0, 1, 1, 2, 1, 33)
    assert mou[16] == "MoU bertanda tangan"
    assert "Kerja sama layanan perpustakaan kesehatan" not in agreements  # ended in 2024
    partners = {row[0]: row for row in _rows(workbook["Mitra"])}
    poltekes = partners["Politeknik Kesehatan Kemenkes Banjarmasin"]
    assert poltekes[1:7] == ("Perguruan tinggi dalam negeri", 0.75, 1, 1, 1, 0)
    assert poltekes[7:] == (3, 2.25, 1, 1, 2, 1, 33)
    evidence = {row[2]: row for row in _rows(workbook["Bukti"])[1:]}
    visit = next(row for title, row in evidence.items() if title.startswith("Studi banding"))
    assert (visit[6], visit[7].startswith("Laporan kunjungan KB-2025-")) == (15, True)
    assert evidence["Mengirim daftar hadir dan foto pelatihan"][7].startswith(
        "Berkas bukti daftar-hadir-pelatihan"
    )


def test_demo_evidence_pack_holds_documents_reports_and_evidence(client, demo):
    client.force_login(User.objects.get(email="kerjasama@openlibrary.example"))

    response = client.get("/admin/partners/recap/evidence-pack/", {"year": RECAP_DEMO_YEAR})

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[0] == "rekap-2025.xlsx"
    assert len([n for n in names if n.startswith("agreements/")]) == 1
    reports = [n for n in names if n.startswith("visit-reports/KB-2025-")]
    assert len(reports) == 1
    assert "Pengunjung yang hadir: 15" in archive.read(reports[0]).decode()
    evidence = sorted(
        n.split("/", 1)[1].split("-", 1)[1] for n in names if n.startswith("follow-up-evidence/")
    )
    assert [name[:14] for name in evidence] == ["daftar-hadir-p", "laporan-semest"]
    assert "missing.txt" not in names
