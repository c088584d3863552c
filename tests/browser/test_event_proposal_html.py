"""The event proposal pages (as the demo coordinator) and the sign-up per
date of the demo reading club, in Indonesian and English, are valid HTML
and have no serious or critical axe-core violation."""

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
POLTEKES = "poltekes-banjarmasin"
CLUB = "klub-baca-sehat"


def _paths(language):
    from partners.events import registration_selectors
    from partners.events.models import EventProposal, RegistrationSetup

    changes = EventProposal.objects.get(status="changes")
    submitted = EventProposal.objects.get(status="submitted")
    setup = RegistrationSetup.objects.get(event__slug=CLUB)
    first = registration_selectors.upcoming_seatings(setup)[0]
    with translation.override(language):
        return {
            "proposals": reverse("events:proposal-list", args=[POLTEKES]),
            "new proposal": reverse("events:proposal-create", args=[POLTEKES]),
            "changes requested": reverse("events:proposal-detail", args=[POLTEKES, changes.pk]),
            "edit": reverse("events:proposal-edit", args=[POLTEKES, changes.pk]),
            "submitted": reverse("events:proposal-detail", args=[POLTEKES, submitted.pk]),
            "dates": reverse("events:event-register", args=[CLUB]),
            "one date": reverse("events:event-register-date", args=[CLUB, first.slug]),
            "my registrations": reverse("events:my-registrations"),
        }


def test_proposal_and_per_date_pages_are_valid_and_accessible(demo, chromium, live_server):
    require_checkers()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    served, axe = {}, {}
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(COORDINATOR)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    for language in ("id", "en"):
        for name, path in _paths(language).items():
            response = page.goto(live_server.url + path)
            key = f"{language}: {name}"
            assert response.status == 200, (key, response.status)
            served[key] = response.text()
            axe[key] = axe_violations(page)
    # The form with its error messages.
    page.goto(live_server.url + reverse("events:proposal-create", args=[POLTEKES]))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    served["id: proposal with errors"] = page.content()
    axe["id: proposal with errors"] = axe_violations(page)
    context.close()
    errors = vnu_errors(served)
    assert {key: value for key, value in errors.items() if value} == {}
    serious = {
        key: [v for v in violations if v[0] in AXE_FAILING_IMPACTS]
        for key, violations in axe.items()
    }
    assert {key: value for key, value in serious.items() if value} == {}
