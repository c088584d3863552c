"""The header in a real browser (issue 11, defects 10 and 12): one menu row at
1366 px in both languages, and no layout shift from the phone menu."""

import pytest

from tests.factories import StandardPageFactory

LAYOUT_SHIFT = (
    "window.__cls = 0; new PerformanceObserver(list => { for (const entry of list.getEntries())"
    " { if (!entry.hadRecentInput) window.__cls += entry.value; } })"
    ".observe({type: 'layout-shift', buffered: true});"
)


@pytest.fixture
def menu_site(site, locales):
    for slug, title, english in [
        ("tentang", "Tentang Mitra Pustaka", "About Mitra Pustaka"),
        ("pedoman-kunjungan", "Pedoman Kunjungan", "Visiting guidelines"),
        ("kontak", "Kontak", "Contact"),
        ("program-literasi", "Program Literasi", "Literacy programmes"),
        ("berita", "Berita", "News"),
    ]:
        page = StandardPageFactory(parent=site, slug=slug, title=title, show_in_menus=True)
        translated = page.copy_for_translation(locales["en"])
        translated.title = english
        translated.save_revision().publish()
    return site


def _header(page):
    return page.evaluate(
        """() => ({
            height: document.querySelector('.site-header').offsetHeight,
            rows: new Set([...document.querySelectorAll('.site-nav__list > li')]
                .map(item => item.getBoundingClientRect().top)).size,
            toolsTop: document.querySelector('.site-nav__tools').getBoundingClientRect().top,
            brandTop: document.querySelector('.brand').getBoundingClientRect().top,
            width: document.documentElement.scrollWidth,
        })"""
    )


def test_header_keeps_the_menu_on_one_row_at_1366_in_both_languages(page, live_server, menu_site):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/tentang/")
    indonesian = _header(page)
    page.goto(live_server.url + "/en/tentang/")
    english = _header(page)

    assert page.get_by_role("link", name="Literacy programmes").is_visible()
    assert english["rows"] == indonesian["rows"] == 1
    assert english["height"] == indonesian["height"]
    # Language and account links sit beside the brand, not under the menu.
    assert english["toolsTop"] < english["brandTop"] + 40
    assert english["width"] == 1366


@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_phone_menu_does_not_shift_the_page_and_opens(
    page, live_server, menu_site, language_prefix
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.add_init_script(LAYOUT_SHIFT)
    page.goto(live_server.url + language_prefix + "/tentang/", wait_until="networkidle")

    assert page.evaluate("window.__cls") == 0
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert not page.locator(".site-nav__list").is_visible()

    menu.click()

    assert menu.get_attribute("aria-expanded") == "true"
    current = page.locator(".site-nav__list a[aria-current]")
    assert current.count() == 1
    assert current.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
