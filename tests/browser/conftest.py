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
            if "demo_site" in item.fixturenames:
                continue  # the module's demo site holds the database (see demo_site)
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


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's own helper of this name, except for the tests on a
    module's demo site: pytest-django makes every live-server test
    transactional, and a transactional test's teardown empties the database,
    demo site included."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if "demo_site" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


def _reset_database():
    """Empty the test database and put the migrations' data back, as a
    transactional test with serialized rollback starts."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    call_command(
        "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
    )
    connections["default"].creation.deserialize_db_from_string(
        connections["default"]._test_serialized_contents
    )
    # A warm content-type cache that matches the rows just restored: the next
    # restore looks content types up while it saves, and a miss would create
    # a second row for the same model.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def _media_settings(folder):
    from django.conf import settings

    storages = {name: dict(config) for name, config in settings.STORAGES.items()}
    storages["private"]["OPTIONS"] = {
        **storages["private"]["OPTIONS"],
        "location": str(folder / "private"),
    }
    return {
        "MEDIA_ROOT": folder / "media",
        "PRIVATE_MEDIA_ROOT": folder / "private",
        "STORAGES": storages,
        # The live server serves /media/ too, so demo images load.
        "ROOT_URLCONF": "tests.browser.urls",
    }


@pytest.fixture(scope="module")
def demo_site(live_server, django_db_blocker, tmp_path_factory, _migration_data):
    """The demo site of `make run` (`load_demo_data`), built once for a whole
    test module: building it takes seconds, too long for every test. The
    module's tests share it (and what earlier tests added to it) and may use
    the ORM; the database is emptied when the module ends, as after a
    transactional test."""
    import io

    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import override_settings

    media = _media_settings(tmp_path_factory.mktemp("demo-site"))
    with django_db_blocker.unblock(), override_settings(**media):
        _reset_database()
        cache.clear()
        call_command("load_demo_data", force=True, stdout=io.StringIO())
        yield media
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,
        )
        cache.clear()


@pytest.fixture
def demo(demo_site, settings):
    """The module's demo site, for one test (keeps the demo's media folder,
    which tests/conftest.py would otherwise swap for an empty one)."""
    from django.core import mail

    for name, value in demo_site.items():
        setattr(settings, name, value)
    mail.outbox = []
    return demo_site


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    """Both widths; a test parametrizes ``viewport`` itself to run at one."""
    return request.param


@pytest.fixture
def journey(chromium, live_server, viewport, request):
    from tests.browser.harness import Journey

    person = Journey(
        chromium=chromium,
        base_url=live_server.url,
        name=request.node.originalname,
        viewport_name=viewport,
    )
    yield person
    person.close()
