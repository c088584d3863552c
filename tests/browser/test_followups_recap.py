"""An action agreed at a visit, from the admin to the partner's dashboard and
into the yearly recap, at desktop and phone widths: cooperation staff add it
on the visit's page, the Poltekes coordinator marks it done with an evidence
file, and staff find it in the recap and in its XLSX download.

Screenshots: test-results/screenshots/<test>/.
"""

import datetime
import io

import openpyxl
from django.utils import timezone

from tests.browser.harness import Journey
from tests.factories.files import pdf_bytes

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
STAFF = "kerjasama@openlibrary.example"
PASSWORD = "pustaka-demo-2024"
DASHBOARD = "/institusi-saya/poltekes-banjarmasin/"
MOU = "Kerja sama pengembangan perpustakaan dan literasi"


def test_follow_up_from_a_visit_reaches_the_dashboard_and_the_recap(
    demo, journey, chromium, live_server, viewport, tmp_path
):
    from partners.models import FollowUp
    from visits.models import VisitRequest

    visit = VisitRequest.objects.get(
        institution__slug="poltekes-banjarmasin", scheduled_start__year=2025
    )
    title = f"Mengunggah materi pelatihan ke repositori ({viewport})"
    page = journey.page

    # Staff add the action on the visit's page.
    journey.sign_in(STAFF, PASSWORD, path="/accounts/login/?next=/admin/")
    journey.goto(f"/admin/visit_requests/inspect/{visit.pk}/")
    assert "Tindak lanjut yang disepakati pada kunjungan" in journey.main_text()
    assert "Menyusun rencana pelatihan lanjutan" in journey.main_text()
    page.get_by_role("link", name="Tambah tindak lanjut yang disepakati").click()
    page.wait_for_load_state()
    page.locator("#id_title").fill(title)
    page.locator("#id_owner").fill("Nur Aisyah")
    page.locator("#id_due_date").fill(
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    )
    page.locator("#id_agreement").select_option(label=f"Nota Kesepahaman (MoU): {MOU}")
    journey.step("add the action")
    page.get_by_role("button", name="Tambahkan tindak lanjut").click()
    page.wait_for_load_state()
    assert "mitra melihatnya di dasbornya" in page.locator("body").inner_text()
    assert title in journey.main_text()
    journey.step("listed on the visit")
    action = FollowUp.objects.get(title=title)

    # The coordinator completes it with a file.
    partner = Journey(
        chromium=chromium,
        base_url=live_server.url,
        name="test_follow_up_from_a_visit_partner",
        viewport_name=viewport,
    )
    try:
        partner.sign_in(COORDINATOR, PASSWORD)
        partner.goto(DASHBOARD + "#follow-ups")
        item = partner.page.locator(f"#follow-up-{action.pk}")
        assert title in item.inner_text()
        assert visit.reference in item.inner_text()
        partner.step("on the partner's dashboard")
        item.get_by_text("Perbarui").click()
        item.get_by_label("Status").select_option("done")
        evidence = tmp_path / "materi-pelatihan.pdf"
        evidence.write_bytes(pdf_bytes())
        item.get_by_label("Berkas bukti (PDF, JPEG atau PNG)").set_input_files(str(evidence))
        item.get_by_role("button", name="Simpan").click()
        partner.page.wait_for_load_state()
        assert "telah diperbarui" in partner.page.locator("body").inner_text()
        item = partner.page.locator(f"#follow-up-{action.pk}")
        assert "Selesai" in item.inner_text()
        assert "Berkas bukti: materi-pelatihan" in item.inner_text()
        partner.step("done with its evidence")
    finally:
        partner.close()

    # Staff see it in this year's recap and in the XLSX.
    year = timezone.localdate().year
    journey.goto(f"/admin/partners/recap/?year={year}")
    text = journey.main_text()
    assert title in text
    assert "Rekap tahunan" in page.locator("body").inner_text()
    journey.step("in the recap")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh rekap (XLSX)").click()
    assert download.value.suggested_filename == f"rekap-{year}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    evidence_rows = {row[2]: row for row in workbook["Bukti"].iter_rows(values_only=True)}
    assert evidence_rows[title][1] == "Tindak lanjut"
    assert evidence_rows[title][4] == MOU
    assert evidence_rows[title][7].startswith("Berkas bukti materi-pelatihan")
