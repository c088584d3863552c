"""From the demo home page a reader reaches the events, the partner directory
and the visit guide in one click, at desktop and phone widths, in both
languages (issue 16, part 1): through the home page's links, and through the
main menu (on a phone, after opening it).

Screenshots: test-results/screenshots/<test>/.
"""

import pytest
from playwright.sync_api import expect

# (menu label, home-page link, heading of the section) per language
SECTIONS = {
    "id": [
        ("Acara", "Semua kegiatan bersama", "Kegiatan literasi"),
        ("Mitra", "Direktori mitra", "Institusi mitra"),
        ("Kunjungan", "Panduan dan kalender kunjungan", "Studi banding ke perpustakaan"),
    ],
    "en": [
        ("Events", "All shared events", "Literacy events"),
        ("Partners", "Partner directory", "Partner institutions"),
        ("Study visits", "Visit guide and calendar", "Study visits to the library"),
    ],
}
HOME = {"id": "/", "en": "/en/"}


def _heading_is(journey, text):
    heading = journey.page.locator("h1")
    expect(heading).to_have_text(text)
    assert heading.is_visible()


@pytest.mark.parametrize("language", ["id", "en"])
def test_home_links_reach_every_section_in_one_click(demo, journey, language):
    page = journey.page
    for _label, link, heading in SECTIONS[language]:
        journey.goto(HOME[language])
        page.locator(".home-links").get_by_role("link", name=link, exact=True).click()
        page.wait_for_load_state()
        _heading_is(journey, heading)
        journey.step(f"{language} home link {link}")


@pytest.mark.parametrize("language", ["id", "en"])
def test_main_menu_reaches_every_section(demo, journey, language):
    page = journey.page
    journey.goto(HOME[language])
    journey.step(f"{language} home")
    for label, _link, heading in SECTIONS[language]:
        journey.goto(HOME[language])
        toggle = page.locator("button.nav-toggle")
        if journey.viewport_name == "phone":
            # The phone menu is folded until its button opens it.
            menu_link = page.locator("#site-nav").get_by_role("link", name=label, exact=True)
            assert not menu_link.is_visible()
            toggle.click()
            journey.step(f"{language} phone menu open")
        else:
            assert not toggle.is_visible()
        page.locator("#site-nav").get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        _heading_is(journey, heading)
        current = page.locator("#site-nav nav a[aria-current]")
        assert [link.inner_text() for link in current.all()] == [label]
        journey.step(f"{language} menu {label}")
