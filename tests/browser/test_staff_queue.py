"""The demo cooperation staff member (Dewi Kartika) working from the queue of
visit requests in the Wagtail admin: she filters it to her own requests and
to the unassigned ones, sorts it, opens a request from its row, takes it,
and writes an internal note, in Indonesian and English, at desktop and
phone widths.

Screenshots: test-results/screenshots/<test>/."""

import re

import pytest

from tests.browser.test_journey_staff import (
    STAFF,
    choose_filter,
    open_filter,
    sign_in,
    staff_admin_language,
)

TEXT = {
    "id": {
        "filter": "Ditangani oleh",
        "mine": "Milik saya",
        "unassigned": "Belum ditangani",
        "preferred": "Waktu pilihan",
        "handler_heading": "Ditangani oleh",
        "save_handler": "Simpan penanggung jawab",
        "taken": "kini ditangani oleh Dewi Kartika",
        "add_note": "Tambahkan catatan",
        "note_saved": "Catatan internal Anda tersimpan.",
        "under_review": "Sedang ditinjau",
    },
    "en": {
        "filter": "Handled by",
        "mine": "Mine",
        "unassigned": "Unassigned",
        "preferred": "Preferred times",
        "handler_heading": "Handled by",
        "save_handler": "Save the handler",
        "taken": "is now handled by Dewi Kartika",
        "add_note": "Add the note",
        "note_saved": "Your internal note is saved.",
        "under_review": "Under review",
    },
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_work_from_the_queue(demo, journey, language):
    from visits.models import VisitRequest

    text = TEXT[language]
    page = journey.page
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto("/admin/visit_requests/")
        queue = page.locator("table.listing")
        assert text["preferred"] in queue.inner_text()
        journey.step(f"queue ({language})")

        # Her own requests: the demo gives her the one under review and the scheduled one.
        journey.goto("/admin/visit_requests/?handled_by=mine")
        mine = VisitRequest.objects.filter(handled_by__email=STAFF)
        rows = page.locator("table.listing tbody tr")
        assert rows.count() == mine.count() >= 2
        for visit in mine:
            assert rows.filter(has_text=visit.reference).count() == 1
        journey.step(f"mine ({language})")

        # The unassigned ones, oldest first (sorted by the column's header).
        journey.goto("/admin/visit_requests/?handled_by=unassigned")
        page.get_by_role("link", name=re.compile(r"^(Diajukan|Submitted)")).first.click()
        page.wait_for_load_state()
        assert "ordering=" in page.url
        rows = page.locator("table.listing tbody tr")
        unassigned = VisitRequest.objects.filter(handled_by__isnull=True)
        assert rows.count() == unassigned.count()
        shown = [re.search(r"KB-\d{4}-\d{5}", row).group(0) for row in rows.all_inner_texts()]
        order = page.url.split("ordering=")[1].split("&")[0]
        expected = [v.reference for v in unassigned.order_by(order)]
        assert shown == expected
        journey.step(f"unassigned, sorted ({language})")

        # She opens the first one from its row and takes it.
        link = rows.first.get_by_role("link").first
        first = unassigned.get(pk=int(link.get_attribute("href").rstrip("/").split("/")[-1]))
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/admin/visit_requests/inspect/{first.pk}/")
        assert first.reference in journey.main_text()
        page.locator("#id_assign-handler").select_option(label="Dewi Kartika")
        page.get_by_role("button", name=text["save_handler"]).click()
        page.wait_for_load_state()
        assert f"{first.reference} {text['taken']}" in journey.main_text()

        page.locator("#id_internal-body").fill("Cek ulang jumlah peserta dengan koordinator.")
        page.get_by_role("button", name=text["add_note"]).click()
        page.wait_for_load_state()
        assert text["note_saved"] in journey.main_text()
        assert "Cek ulang jumlah peserta dengan koordinator." in journey.main_text()
        journey.step(f"request taken ({language})")

        # Back in the queue it is hers now.
        journey.goto("/admin/visit_requests/?handled_by=mine")
        assert page.locator("table.listing tbody tr", has_text=first.reference).count() == 1
    finally:
        staff_admin_language("id")


@pytest.mark.parametrize(
    ("language", "institution_label", "matches"),
    [("id", "Institusi", "Ada {} hasil yang cocok"), ("en", "Institution", "There are {} matches")],
)
def test_staff_filter_the_queue_by_institution(demo, journey, language, institution_label, matches):
    """The institution filter offers the institutions that sent requests (a
    list kept in the cache, issue 17) and narrows the queue to one of them."""
    from visits.models import VisitRequest

    page = journey.page
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto("/admin/visit_requests/")
        open_filter(page, institution_label)
        institution = "Politeknik Kesehatan Kemenkes Banjarmasin"
        offered = page.locator("select[name=institution] option").all_inner_texts()
        assert institution in offered
        choose_filter(page, "institution", institution)
        journey.step(f"queue of one institution ({language})")

        rows = page.locator("table.listing tbody tr")
        theirs = VisitRequest.objects.filter(institution__name=institution)
        assert rows.count() == theirs.count() >= 1
        for visit in theirs:
            assert rows.filter(has_text=visit.reference).count() == 1
        assert matches.format(theirs.count()) in journey.main_text()
    finally:
        staff_admin_language("id")


ALERTS = {
    "id": ("Pemberitahuan kunjungan studi", "Ringkasan harian permohonan terbuka"),
    "en": ("Study visit alerts", "A daily digest of open requests"),
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_staff_choose_a_daily_digest(demo, journey, language):
    from portal.models import User
    from visits.models import AlertMode, VisitAlertPreference

    heading, digest = ALERTS[language]
    page = journey.page
    staff_admin_language(language)
    try:
        sign_in(journey)
        journey.goto("/admin/account/")
        page.get_by_role("tab", name=re.compile("Pemberitahuan|Notifications")).first.click()
        assert heading in page.locator("main").inner_text()
        page.get_by_label(digest).check()
        # The account page saves with the portal's one full name (no first
        # and last name to fill in), and its time-zone menu logs no error.
        journey.step(f"alerts ({language})")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        user = User.objects.get(email=STAFF)
        assert VisitAlertPreference.objects.get(user=user).mode == AlertMode.DIGEST
    finally:
        VisitAlertPreference.objects.filter(user__email=STAFF).delete()
        staff_admin_language("id")
