"""A reader sees the article's fresh view count, even on a page served from
the page cache (issue 11, defect 12: "Dilihat 0 kali" on a page that has
been read)."""

import pytest

from news.models import NewsPerson
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{n}.0 Safari/537.36"


@pytest.fixture
def cached_article(site, settings, live_server, page):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    index = NewsIndexPageFactory(parent=site)
    NewsPageFactory(parent=index, slug="kabar", writers=[NewsPerson.objects.create(name="Dewi")])
    url = live_server.url + "/berita/kabar/"
    # A crawler (headless Chrome is not counted) has the page rendered and
    # kept, with no views yet.
    page.goto(url, wait_until="networkidle")
    assert not page.locator(".news-views").is_visible()
    return url


def test_readers_see_the_count_including_their_own_view(chromium, cached_article):
    seen = []
    for n in (130, 131):
        context = chromium.new_context(user_agent=BROWSER.format(n=n), locale="id-ID")
        page = context.new_page()
        response = page.goto(cached_article)
        views = page.locator(".news-views")
        views.wait_for(state="visible")
        seen.append((response.headers.get("x-page-cache"), views.inner_text()))
        context.close()

    assert [text for _cache, text in seen] == ["· Dilihat 1 kali", "· Dilihat 2 kali"]
    # The second reader's page was rendered before either view was counted.
    assert seen[1][0] == "hit"
