"""The registration pages of the demo workshop, in Indonesian and English,
are valid HTML and have no serious or critical axe-core violation: the
event page with its registration block, the sign-up form, and, signed in as
the demo coordinator, "my registrations" and registering members."""

from django.urls import reverse
from django.utils import translation

from tests.browser.page_checks import (
    AXE_FAILING_IMPACTS,
    axe_violations,
    require_checkers,
    vnu_errors,
)

DEMO_PASSWORD = "pustaka-demo-2024"
COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
SLUG = "lokakarya-literasi-kesehatan-pustakawan"


def _paths(language, *, signed_in):
    with translation.override(language):
        if signed_in:
            return {
                "my registrations": reverse("events:my-registrations"),
                "register members": reverse("events:event-register-members", args=[SLUG]),
                "sign-up signed in": reverse("events:event-register", args=[SLUG]),
            }
        return {
            "event": reverse("events:event-detail", args=[SLUG]),
            "sign-up": reverse("events:event-register", args=[SLUG]),
        }


def test_registration_pages_are_valid_and_accessible(demo, chromium, live_server):
    require_checkers()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    served, axe = {}, {}

    def visit(key, path):
        response = page.goto(live_server.url + path)
        assert response.status == 200, (key, response.status)
        served[key] = response.text()
        axe[key] = axe_violations(page)

    for language in ("id", "en"):
        for name, path in _paths(language, signed_in=False).items():
            visit(f"{language}: {name}", path)
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(COORDINATOR)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    for language in ("id", "en"):
        for name, path in _paths(language, signed_in=True).items():
            visit(f"{language}: {name}", path)
    context.close()
    errors = vnu_errors(served)
    assert {key: value for key, value in errors.items() if value} == {}
    serious = {
        key: [v for v in violations if v[0] in AXE_FAILING_IMPACTS]
        for key, violations in axe.items()
    }
    assert {key: value for key, value in serious.items() if value} == {}
