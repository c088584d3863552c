"""The demo writer (Muhammad Zaky Rakhmat) drafts a news article and submits
it for moderation; the demo editor (Iram Sari R) approves it; a reader finds
it on the news page. At desktop and phone widths.

Screenshots: test-results/screenshots/<test>/.
"""

import re

import pytest
from playwright.sync_api import expect

WRITER = "mzakyrakhmat@openlibrary.example"
EDITOR = "iram.sari@openlibrary.example"
PASSWORD = "pustaka-demo-2024"


def sign_in(journey, email):
    journey.context.clear_cookies()
    journey.goto("/accounts/login/?next=/admin/")
    journey.page.locator("#id_login").fill(email)
    journey.page.locator("#id_password").fill(PASSWORD)
    journey.page.locator("main form button[type=submit]").last.click()
    journey.page.wait_for_url(re.compile(r".*/admin/$"))


def click_in_actions_menu(page, selector):
    """A button of the editor's action dropdown, clicked as its menu would."""
    page.locator(selector).first.evaluate("button => button.click()")


def news_index():
    from news.models import NewsIndexPage

    return NewsIndexPage.objects.get(locale__language_code="id")


def test_writer_drafts_and_editor_publishes_an_article(demo, journey):
    from news.models import NewsPage

    page = journey.page
    title = f"Kunjungan perpustakaan sekolah ({journey.viewport_name})"
    index = news_index()

    sign_in(journey, WRITER)
    journey.step("writer's dashboard")
    journey.goto(f"/admin/pages/add/news/newspage/{index.pk}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_title").blur()
    # Wagtail fills the slug from the title a moment after the title loses focus.
    expect(page.locator("#id_slug")).not_to_have_value("")
    page.locator("#id_summary").fill("Dua puluh siswa belajar memakai katalog daring.")
    page.locator("#id_date").fill("2026-11-20")
    page.locator("#id_date").press("Escape")
    writer = page.locator("#id_writer_links-0-person")
    expect(writer).not_to_have_value("")  # the writer is credited already
    journey.step("draft")
    click_in_actions_menu(page, 'button[name="action-submit"]')
    page.wait_for_url(f"{journey.base_url}/admin/pages/{index.pk}/")
    journey.step("submitted")

    article = NewsPage.objects.get(title=title, alias_of__isnull=True)
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"

    # Not public yet.
    journey.context.clear_cookies()
    journey.goto("/berita/")
    assert title not in journey.main_text()

    sign_in(journey, EDITOR)
    assert title in page.locator("main").inner_text()  # awaiting her review
    journey.step("editor's dashboard")
    journey.goto(f"/admin/pages/{article.pk}/edit/")
    journey.step("article to review")
    # The approval is a form post: wait for the page it leads to.
    with page.expect_navigation():
        click_in_actions_menu(
            page,
            'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
        )
    article.refresh_from_db()
    assert article.live
    journey.step("approved")

    # A reader finds it on the news page and opens it.
    journey.context.clear_cookies()
    journey.goto("/berita/")
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert "20 November 2026" in journey.main_text()
    assert "Muhammad Zaky Rakhmat" in journey.main_text()
    journey.step("published article")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_writer_finds_themselves_as_the_articles_writer(demo, journey):
    sign_in(journey, WRITER)
    journey.goto(f"/admin/pages/add/news/newspage/{news_index().pk}/")
    chosen = journey.page.locator("#id_writer_links-0-person-chooser")
    assert "Muhammad Zaky Rakhmat" in chosen.inner_text()
