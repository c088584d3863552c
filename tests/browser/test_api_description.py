"""The API's description page in a real browser, and the API read from a
page of another origin (CORS)."""

import pytest

from tests.factories.partners import InstitutionFactory


@pytest.mark.parametrize("width", [1366, 390])
def test_the_api_description_reads_well_at_desktop_and_phone_widths(page, live_server, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/api/v2/")

    assert page.get_by_role("heading", level=1).inner_text() == "Mitra Pustaka public API"
    assert page.get_by_role("heading", name="GET /events/", exact=True).is_visible()
    assert page.get_by_role("link", name="/api/v2/schema/").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == width


@pytest.fixture
def browser_without_local_network_checks(chromium):
    """Chromium asks permission before a page it did not load from this
    machine reaches a loopback address; the page below is made up by the
    test, so that check is off here (CORS is what this test is about)."""
    from tests.browser.conftest import CHROMIUM

    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-features=LocalNetworkAccessChecks"],
    )
    yield browser
    browser.close()


def test_a_page_of_another_origin_reads_the_api(
    browser_without_local_network_checks, live_server, site
):
    InstitutionFactory(name="Perpustakaan Terbuka")
    page = browser_without_local_network_checks.new_page()
    # A page of another origin (127.0.0.1 rather than localhost), answered
    # by the browser itself.
    other_origin = live_server.url.replace("localhost", "127.0.0.1") + "/another-site/"
    page.route(other_origin, lambda route: route.fulfill(body="<!DOCTYPE html><title>x</title>"))
    page.goto(other_origin)

    result = page.evaluate(
        """async url => {
            const response = await fetch(url, {headers: {"Accept-Language": "en"}});
            const body = await response.json();
            return {
                names: body.items.map(item => item.name),
                labels: body.items.map(item => item.kind_label),
                etag: response.headers.get("ETag"),
            };
        }""",
        live_server.url + "/api/v2/partners/",
    )

    assert result["names"] == ["Perpustakaan Terbuka"]
    assert result["labels"] == ["University library"]
    assert result["etag"].startswith('"')
