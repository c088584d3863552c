"""The named delegation on the demo site, on a phone: the Poltekes
coordinator adds a participant to her request's list; on the day of the
visit the cooperation staff member marks who came from her phone; the
report starts from that number and the statistics count it.

Screenshots: test-results/screenshots/<test>/.
"""

import datetime
import re

import pytest
from django.utils import timezone

from tests.browser.harness import Journey
from tests.browser.test_journey_coordinator import sign_in as partner_sign_in
from tests.browser.test_journey_staff import sign_in as staff_sign_in
from tests.browser.test_journey_staff import staff_admin_language

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"


def _month_visitors(page):
    """The visitors of this month in the statistics' monthly table."""
    month = page.locator("#stats-month-heading").locator("xpath=..")
    row = month.locator("tbody tr").nth(timezone.localdate().month - 1)
    return int(row.locator("td").nth(1).inner_text())


@pytest.mark.parametrize("viewport", ["phone"])
def test_partner_lists_staff_mark_and_the_report_counts_who_came(
    demo, journey, chromium, live_server, viewport
):
    from visits.models import Attendance, Venue, VisitRequest

    # The coordinator's submitted request with three people listed (the demo
    # has other submitted requests of hers).
    visit = VisitRequest.objects.get(
        requester__email=COORDINATOR, state="submitted", participants__name="Nur Aisyah, S.IP."
    )
    page = journey.page

    # The coordinator adds a fourth person to the three she listed before.
    partner_sign_in(journey)
    journey.goto(visit.get_absolute_url())
    assert "3 dari rombongan 20 orang yang diajukan sudah terdaftar." in journey.main_text()
    page.get_by_role("link", name="Daftarkan peserta").click()
    page.get_by_label("Nama").fill("Dewi Anggraini")
    page.get_by_label("Jabatan").fill("Pustakawan")
    page.get_by_label("Surel (tidak wajib)").fill("dewi@poltekes-banjarmasin.example")
    page.get_by_role("button", name="Tambahkan ke daftar").click()
    page.wait_for_load_state()
    text = page.locator("body").inner_text()
    assert "Dewi Anggraini sudah masuk daftar." in text
    assert "4 dari rombongan 20 orang yang diajukan sudah terdaftar." in text
    journey.step("partner's list")

    # The visit is scheduled for today, took place, and is marked as held.
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    end = start + datetime.timedelta(hours=2)
    VisitRequest.objects.filter(pk=visit.pk).update(
        state="completed",
        venue=visit.venue or Venue.objects.order_by("pk").first(),
        scheduled_start=start,
        scheduled_end=end,
        blocked_start=start,
        blocked_end=end,
        venue_place=1,
    )

    staff_admin_language("id")
    staff = Journey(
        chromium=chromium,
        base_url=live_server.url,
        name="test_delegation_staff",
        viewport_name="phone",
    )
    try:
        staff_page = staff.page
        staff_sign_in(staff)
        staff.goto(f"/admin/visit_statistics/?year={timezone.localdate().year}&metric=visitors")
        announced = _month_visitors(staff_page)

        staff.goto(f"/admin/visit_requests/inspect/{visit.pk}/")
        assert "Dewi Anggraini" in staff.main_text()
        staff_page.get_by_role("link", name="Tandai kehadiran").click()
        staff_page.wait_for_load_state()
        people = staff_page.locator("fieldset.attendance__person")
        assert people.count() == 4
        for index in range(4):
            choice = "Tidak hadir" if index == 1 else "Hadir"
            people.nth(index).get_by_label(choice, exact=True).check()
        staff.step("attendance marked")
        staff_page.get_by_role("button", name="Simpan kehadiran").click()
        staff_page.wait_for_load_state()
        assert "Kehadiran tersimpan (4 berubah): 3 dari 4 hadir." in staff.main_text()
        assert visit.participants.filter(attendance=Attendance.PRESENT).count() == 3
        staff.step("attendance saved")

        # The statistics now count the three who came instead of the twenty announced.
        staff.goto(f"/admin/visit_statistics/?year={timezone.localdate().year}&metric=visitors")
        assert _month_visitors(staff_page) == announced - 20 + 3
        staff.step("statistics")

        # The report starts from the three, and names them once recorded.
        staff.goto(f"/admin/visit_reports/record/{visit.pk}/")
        assert staff_page.locator("#id_attendance_count").input_value() == "3"
        staff_page.locator("#id_summary").fill("Rombongan mempelajari layanan digital.")
        staff_page.get_by_role("button", name=re.compile("Simpan laporan")).click()
        staff_page.wait_for_load_state()
        report = staff.main_text()
        assert "3 dari 4 peserta terdaftar ditandai hadir saat kunjungan" in report
        assert "Dewi Anggraini" in report
        staff.step("report")
    finally:
        staff.close()

    # The coordinator sees who came and can download a certificate.
    journey.goto(f"/kunjungan-saya/{visit.pk}/peserta/")
    assert "Hadir" in journey.main_text()
    assert page.get_by_role("link", name="Sertifikat (PDF)").count() == 3
    journey.step("partner sees attendance")
