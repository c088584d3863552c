"""The partnership lifecycle in the browser, at desktop and phone widths:
the demo coordinator (Nur Aisyah, Poltekes Banjarmasin) reads the chain of
agreements (MoU › MoA › IA, with signatories and a renewal) in Indonesian
and English, and edits the institution's public profile (a new name waits
for staff); cooperation staff see the same chain in the admin.

Screenshots: test-results/screenshots/<test>/.
"""

COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
STAFF = "kerjasama@openlibrary.example"
PASSWORD = "pustaka-demo-2024"
DASHBOARD = "/institusi-saya/poltekes-banjarmasin/"
MOU = "Kerja sama pengembangan perpustakaan dan literasi"
MOA = "Program literasi kesehatan bersama"
FIRST_MOU = "Kerja sama layanan perpustakaan kesehatan"


def _item(journey, title):
    """The text of the dashboard's list item of the agreement called ``title``."""
    from partners.models import Agreement

    agreement = Agreement.objects.filter(title=title).order_by("pk").first()
    return journey.page.locator(f"#agreement-{agreement.pk}").inner_text()


def test_coordinator_reads_the_chain_of_agreements(demo, journey):
    journey.sign_in(COORDINATOR, PASSWORD)
    journey.goto(DASHBOARD)

    ia = _item(journey, "Pelatihan penelusuran informasi kesehatan untuk pustakawan")
    assert f"Berada di bawah: Perjanjian Kerja Sama (MoA/PKS): {MOA} › " in ia
    assert f"Nota Kesepahaman (MoU): {MOU}" in ia
    assert "Penanda tangan: Dr. Rina Wulandari, M.Hum. (Kepala Open Library, 3 Feb. 2025)" in ia
    first = _item(journey, FIRST_MOU)
    assert "Diperpanjang" in first
    assert f"Diperpanjang oleh: {MOU}" in first
    assert f"Memperpanjang: {FIRST_MOU} (sampai 9 Juni 2024)" in _item(journey, MOU)
    journey.step("chain in Indonesian")

    journey.goto("/en" + DASHBOARD)
    ia = _item(journey, "Pelatihan penelusuran informasi kesehatan untuk pustakawan")
    assert f"Sits under: Memorandum of Agreement (MoA/PKS): {MOA}" in ia
    first = _item(journey, FIRST_MOU)
    assert "Renewed" in first and f"Renewed by: {MOU}" in first
    journey.step("chain in English")


def test_coordinator_edits_the_public_profile(demo, journey):
    page = journey.page
    journey.sign_in(COORDINATOR, PASSWORD)
    journey.goto(DASHBOARD)
    page.get_by_role("link", name="Ubah profil publik").click()
    page.wait_for_load_state()
    assert "Ubah profil publik" in journey.main_text()
    journey.step("profile form")

    page.locator("#id_description").fill("Perpustakaan kampus kesehatan di Banjarmasin.")
    page.locator("#id_description_en").fill("The health campus library in Banjarmasin.")
    page.locator("#id_name").fill("Poltekkes Kemenkes Banjarmasin")
    page.get_by_role("button", name="Simpan profil").click()
    page.wait_for_load_state()

    text = page.locator("body").inner_text()
    assert "Profil telah disimpan." in text
    assert "Menunggu verifikasi staf kami: nama “Poltekkes Kemenkes Banjarmasin”." in text
    assert "Politeknik Kesehatan Kemenkes Banjarmasin" in page.locator("h1").inner_text()
    journey.step("profile saved")

    journey.goto("/en/mitra/poltekes-banjarmasin/")
    assert "The health campus library in Banjarmasin." in journey.main_text()
    journey.step("public page in English")
    journey.goto("/mitra/poltekes-banjarmasin/")
    assert "Perpustakaan kampus kesehatan di Banjarmasin." in journey.main_text()


def test_staff_see_the_chain_and_the_renew_action(demo, journey):
    from partners.models import Agreement

    moa = Agreement.objects.get(title=MOA)
    journey.sign_in(STAFF, PASSWORD, path="/accounts/login/?next=/admin/")
    journey.goto(f"/admin/partners/agreements/inspect/{moa.pk}/")

    text = journey.main_text()
    assert "Penanda tangan" in text and "Dr. H. Ahmad Fauzi, S.K.M., M.Kes." in text
    assert f"Nota Kesepahaman (MoU): {MOU}" in text
    assert "Pelatihan penelusuran informasi kesehatan untuk pustakawan" in text
    assert journey.page.get_by_role("link", name="Perpanjang").count() >= 1
    journey.step("admin inspect")


def test_coordinator_completes_a_follow_up(demo, journey):
    page = journey.page
    journey.sign_in(COORDINATOR, PASSWORD)
    journey.goto(DASHBOARD + "#follow-ups")
    from partners.models import FollowUp

    action = FollowUp.objects.get(title="Menjadwalkan kunjungan balasan ke Bandung")
    text = page.locator("section[aria-labelledby=follow-ups]").inner_text()
    assert "Mengirim modul pelatihan penelusuran informasi" in text
    item = page.locator(f"#follow-up-{action.pk}")
    # The module's two widths share the demo: the first one completes it.
    if action.status != "done":
        assert "Menjadwalkan kunjungan balasan ke Bandung Terlambat" in item.inner_text()
        journey.step("follow-ups")
        item.get_by_text("Perbarui").click()
        item.get_by_label("Status").select_option("done")
        item.get_by_label("Tautan bukti").fill("https://poltekes-banjarmasin.example/kunjungan")
        item.get_by_role("button", name="Simpan").click()
        page.wait_for_load_state()
        assert "telah diperbarui" in page.locator("body").inner_text()
    item = page.locator(f"#follow-up-{action.pk}")
    assert "Selesai" in item.inner_text()
    journey.step("follow-up done")
