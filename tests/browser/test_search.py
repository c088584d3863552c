"""A reader searches the demo site from the header search box, in Indonesian
and in English, at desktop and phone widths: results grouped by kind (pages
and news, events with the coming ones first, partner institutions), a kind
filter that works without JavaScript, and helpful empty states.

Screenshots: test-results/screenshots/<test>/.
"""

import re

from playwright.sync_api import expect


def header_search(journey, text, *, step=None):
    """Type ``text`` into the header's search box (on a phone the menu opens
    first) and send it; ``step`` names a journey step taken before sending."""
    page = journey.page
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible():
        toggle.click()
    box = page.locator("header").get_by_role("searchbox")
    box.fill(text)
    if step:
        journey.step(step)
    box.press("Enter")
    page.wait_for_load_state()


def group(page, title):
    return page.locator("main section.search-group").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^{re.escape(title)} \(\d+\)$"))
    )


def test_reader_searches_from_the_header_in_indonesian(demo, journey):
    page = journey.page
    journey.goto("/")
    header_search(journey, "literasi kesehatan", step="header search")

    assert page.url.endswith("/search/?query=literasi+kesehatan")
    pages = group(page, "Halaman dan berita")
    events = group(page, "Kegiatan")
    expect(
        pages.get_by_role(
            "link", name="Literasi Kesehatan bersama Poltekes Banjarmasin", exact=True
        )
    ).to_be_visible()
    expect(
        pages.get_by_role(
            "link",
            name="Program literasi kesehatan bersama Poltekes Banjarmasin resmi dimulai",
            exact=True,
        )
    ).to_be_visible()
    expect(
        events.get_by_role("link", name="Lokakarya Literasi Kesehatan untuk Pustakawan", exact=True)
    ).to_be_visible()
    # The coming events come before the launch day in the archive.
    titles = events.locator(".search-result__title").all_inner_texts()
    assert titles.index("Lokakarya Literasi Kesehatan untuk Pustakawan") < titles.index(
        "Peluncuran Program Literasi Kesehatan Bersama"
    ), titles
    expect(events).to_contain_text("Dibatalkan")
    journey.step("results grouped")

    page.locator("nav.search-kinds").get_by_role(
        "link", name=re.compile(r"^Kegiatan \(\d+\)$")
    ).click()
    page.wait_for_load_state()
    expect(group(page, "Kegiatan")).to_be_visible()
    expect(group(page, "Halaman dan berita")).to_have_count(0)
    journey.step("events only")

    box = page.locator("main").get_by_role("searchbox")
    box.fill("Banjarmasin")
    box.press("Enter")
    page.wait_for_load_state()
    # A new search keeps the kind chosen; the other kinds keep their counts.
    expect(group(page, "Kegiatan")).to_be_visible()
    page.locator("nav.search-kinds").get_by_role("link", name="Institusi mitra (1)").click()
    page.wait_for_load_state()
    partners = group(page, "Institusi mitra")
    expect(
        partners.get_by_role("link", name="Politeknik Kesehatan Kemenkes Banjarmasin", exact=True)
    ).to_be_visible()
    journey.step("partner found")


def test_reader_gets_help_when_nothing_matches(demo, journey):
    page = journey.page
    journey.goto("/berita/")
    header_search(journey, "zzzz tidak ada")

    main = page.locator("main")
    expect(main).to_contain_text("0 hasil")
    expect(main).to_contain_text("Tidak ada hasil untuk “zzzz tidak ada”.")
    expect(main.get_by_role("link", name="Kegiatan bersama", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="Direktori mitra", exact=True)).to_be_visible()
    journey.step("no results")

    for text in ["'\"; DROP TABLE x;--", "📚☕", "مكتبة الصحة"]:
        box = main.get_by_role("searchbox")
        box.fill(text)
        box.press("Enter")
        page.wait_for_load_state()
        expect(main).to_contain_text("Tidak ada hasil untuk")
    journey.step("odd text")

    journey.goto("/search/")
    expect(main).to_contain_text("Ketik beberapa kata untuk mencari")
    main.get_by_role("link", name="Direktori mitra", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/mitra/")


def test_reader_searches_from_the_header_in_english(demo, journey):
    page = journey.page
    journey.goto("/en/")
    header_search(journey, "Banjarmasin", step="header search in English")

    assert "/en/search/?query=Banjarmasin" in page.url
    expect(
        group(page, "Pages and news").get_by_role(
            "link", name="Health literacy with Poltekes Banjarmasin", exact=True
        )
    ).to_be_visible()
    expect(
        group(page, "Events").get_by_role("link", name="Klub Baca Sehat", exact=True)
    ).to_be_visible()
    expect(
        group(page, "Partner institutions").get_by_role(
            "link", name="Politeknik Kesehatan Kemenkes Banjarmasin", exact=True
        )
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("With Poltekes Banjarmasin")
    journey.step("results in English")
