"""Playwright, driving Debian's Chromium (never a downloaded browser build).

Without /usr/bin/chromium these tests are skipped with a hint, except in CI
(CI=true), where a missing browser is a failure.
"""

import os
import shutil

import pytest
from django.db import connection, connections

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HINT = "Chromium is not installed: run `sudo make browser-deps` (Debian packages chromium and chromium-driver)."


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(HINT)
        pytest.skip(HINT)
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the tests make around it are still plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="en-US")
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    # Every browser test doubles as a check that the Content-Security-Policy
    # blocks nothing the portal itself needs.
    violations = []
    browser_page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield browser_page
    context.close()
    assert violations == [], f"CSP blocked: {violations}"


@pytest.fixture(scope="session", autouse=True)
def _migration_data(django_db_setup, django_db_blocker):
    """Browser tests need committed data (the live server reads it from its
    own thread), so they are transactional and each ends with a flush. With
    serialized rollback Django puts the migrations' data (root page, locales,
    groups, workflows, permissions) back before the next test; make sure the
    snapshot it restores from exists, taken before any browser test ran."""
    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot is None:
        with django_db_blocker.unblock():
            snapshot = connection.creation.serialize_db_to_string()
    # On the class: once Playwright's event loop runs, the ORM hands the test
    # a fresh connection object, which must see the snapshot too.
    type(connections["default"])._test_serialized_contents = snapshot


@pytest.fixture
def site(live_server, locales):
    """A published home page (Indonesian, with its English translation) as
    the only site, the one the live server answers for."""
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory

    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, slug="beranda")
    home.copy_for_translation(locales["en"]).save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home
