"""A writer drafts and submits an article, an editor approves it, readers see it."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Page, Site

from news.models import NewsPage
from tests.factories import HomePageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPersonFactory
from tests.factories.portal import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Poltekes Banjarmasin belajar perpustakaan digital"


@pytest.fixture
def newsroom(live_server, locales):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, slug="beranda")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    index = NewsIndexPageFactory(parent=home, slug="berita", title="Berita")
    writer = UserFactory(
        email="mzakyrakhmat@openlibrary.example",
        full_name="Muhammad Zaky Rakhmat",
        groups=[Group.objects.get(name="Writers")],
    )
    editor = UserFactory(
        email="iram.sari@openlibrary.example",
        full_name="Iram Sari R",
        groups=[Group.objects.get(name="Editors")],
    )
    NewsPersonFactory(name="Muhammad Zaky Rakhmat", user=writer)
    return {"index": index, "writer": writer, "editor": editor}


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/admin/")


def _click_hidden(page, selector):
    """Buttons of the editor's action dropdown: click them as its menu would."""
    page.locator(selector).first.evaluate("button => button.click()")


def test_writer_submits_editor_approves_reader_sees_the_article(page, live_server, newsroom):
    index = newsroom["index"]

    # The writer drafts the article and submits it for moderation.
    _sign_in(page, live_server, newsroom["writer"])
    page.goto(f"{live_server.url}/admin/pages/add/news/newspage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    # Wagtail fills the slug from the title a moment after the title loses focus.
    expect(page.locator("#id_slug")).not_to_have_value("")
    page.locator("#id_summary").fill("Rombongan Poltekes Banjarmasin berkunjung ke Open Library.")
    page.locator("#id_date").fill("2024-03-27")
    page.locator("#id_date").press("Escape")
    # The writer is credited already: the first writer row names them.
    expect(page.locator("#id_writer_links-0-person-chooser")).to_contain_text(
        "Muhammad Zaky Rakhmat"
    )
    expect(page.locator("#id_writer_links-0-person")).not_to_have_value("")
    _click_hidden(page, 'button[name="action-submit"]')
    page.wait_for_url(f"{live_server.url}/admin/pages/{index.pk}/")

    article = NewsPage.objects.get(title=TITLE, alias_of__isnull=True)
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    assert article.current_workflow_state.workflow.name == "Moderasi redaksi"

    # Readers do not see it yet.
    page.context.clear_cookies()
    response = page.goto(f"{live_server.url}/berita/{article.slug}/")
    assert response.status == 404

    # The editor approves; approval publishes it.
    _sign_in(page, live_server, newsroom["editor"])
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    # The approval is a form post: wait for the page it leads to.
    with page.expect_navigation():
        _click_hidden(
            page,
            'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
        )
    article.refresh_from_db()
    assert article.live

    # A reader sees the article with its credits.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/berita/{article.slug}/")
    assert page.locator("h1").inner_text() == TITLE
    assert "Oleh mzakyrakhmat" in page.locator(".news-article__byline").inner_text()
    assert "Penulis: Muhammad Zaky Rakhmat" in page.locator(".news-credits").inner_text()
