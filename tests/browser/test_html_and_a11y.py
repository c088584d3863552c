"""Every public page and every partner page of the demo site, in Indonesian
and in English, is valid HTML (the Nu Html Checker reports no error) and has
no serious or critical axe-core violation.

The pages are fetched once for the module (one browser, one vnu run); each
page then has its own two tests, so a failure names the page and the check.
"""

import pytest
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
LANGUAGES = ("id", "en")


def _page_url(page, language):
    from wagtail.models import Locale

    translated = page.get_translation_or_none(Locale.objects.get(language_code=language))
    return (translated or page).specific.url


def _public_pages(language):
    from news.models import NewsIndexPage, NewsPage
    from partners.events.models import Event
    from partners.models import Institution

    news_index = NewsIndexPage.objects.get(locale__language_code="id")
    article = NewsPage.objects.live().get(
        slug="studi-banding-poltekes-banjarmasin-ke-open-library", locale__language_code="id"
    )
    event = Event.objects.get(slug="klub-baca-sehat")
    partner = Institution.objects.get(slug="poltekes-banjarmasin")
    with translation.override(language):
        return {
            "home": "/" if language == "id" else "/en/",
            "news index": _page_url(news_index, language),
            "article": _page_url(article, language),
            "events": reverse("events:event-list"),
            "month view": reverse("events:event-month"),
            "event": reverse("events:event-detail", args=[event.slug]),
            "partners": reverse("partners:directory"),
            "partner page": reverse("partners:detail", args=[partner.slug]),
            "visiting": reverse("visits:visiting"),
            "search": reverse("search") + "?query=literasi",
            "privacy notice": reverse("privacy:notice"),
            "login": reverse("account_login"),
            "signup": reverse("account_signup"),
        }


def _partner_pages(language):
    from partners.models import AgreementDraft
    from visits.models import VisitRequest

    visit = VisitRequest.objects.filter(requester__email=COORDINATOR, state="submitted").first()
    draft = AgreementDraft.objects.select_related("agreement").get(shared_at__isnull=False)
    with translation.override(language):
        return {
            "dashboard": reverse("partners:dashboard"),
            "my visits": reverse("visits:request-list"),
            "request form": reverse("visits:request-create"),
            "request detail": reverse("visits:request-detail", args=[visit.pk]),
            "participants": reverse("visits:participant-list", args=[visit.pk]),
            "my calendar": reverse("events:my-calendar"),
            "preferences": reverse("preferences"),
            "privacy centre": reverse("privacy:centre"),
            "draft agreement": reverse(
                "partners:draft-detail", args=["poltekes-banjarmasin", draft.agreement_id]
            ),
        }


PUBLIC = (
    "home",
    "news index",
    "article",
    "events",
    "month view",
    "event",
    "partners",
    "partner page",
    "visiting",
    "search",
    "privacy notice",
    "login",
    "signup",
)
PARTNER = (
    "dashboard",
    "my visits",
    "request form",
    "request detail",
    "participants",
    "my calendar",
    "preferences",
    "privacy centre",
    "draft agreement",
)


def _cases():
    return [
        pytest.param(f"{language}: {name}", id=f"{language}-{name.replace(' ', '-')}")
        for language in LANGUAGES
        for name in (*PUBLIC, *PARTNER)
    ]


@pytest.fixture(scope="module")
def checked(demo_site, chromium, live_server):
    """{"<language>: <page>": (url, status, vnu errors, axe violations)}."""
    require_checkers()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20_000)
    served, axe = {}, {}

    def visit(key, path):
        response = page.goto(live_server.url + path)
        served[key] = (path, response.status, response.text())
        axe[key] = axe_violations(page)

    for language in LANGUAGES:
        for name, path in _public_pages(language).items():
            visit(f"{language}: {name}", path)
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(COORDINATOR)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    for language in LANGUAGES:
        for name, path in _partner_pages(language).items():
            visit(f"{language}: {name}", path)
    context.close()

    errors = vnu_errors({key: html for key, (_path, _status, html) in served.items()})
    return {
        key: (path, status, errors[key], axe[key]) for key, (path, status, _html) in served.items()
    }


@pytest.mark.parametrize("key", _cases())
def test_page_is_valid_html(checked, key):
    path, status, errors, _axe = checked[key]
    assert status == 200, f"{path} answered {status}"
    assert errors == [], f"Nu Html Checker on {path}:\n" + "\n".join(errors)


@pytest.mark.parametrize("key", _cases())
def test_page_has_no_serious_accessibility_violation(checked, key):
    path, status, _errors, violations = checked[key]
    assert status == 200, f"{path} answered {status}"
    failing = [
        f"{impact} {rule}: {help_text}: {'; '.join(nodes)}"
        for impact, rule, help_text, nodes in violations
        if impact in AXE_FAILING_IMPACTS
    ]
    assert failing == [], f"axe on {path}:\n" + "\n".join(failing)
