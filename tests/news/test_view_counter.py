"""The view counter: real readers count once, nobody else does, nothing is lost."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from news.models import NewsPageViews
from news.selectors import news_view_count
from news.services import news_view_increment
from tests.factories.news import NewsPageFactory
from tests.factories.portal import UserFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def _beacon(client, page, *, agent=BROWSER, ip="203.0.113.5", **headers):
    return client.post(
        f"/berita-dilihat/{page.pk}/", HTTP_USER_AGENT=agent, REMOTE_ADDR=ip, **headers
    )


@pytest.fixture
def article(news_index):
    return NewsPageFactory(parent=news_index, title="Studi banding", slug="studi-banding")


@pytest.mark.django_db
def test_a_reader_counts_once_in_a_while_and_the_page_shows_it(client, article):
    assert _beacon(client, article).json() == {"count": 1, "text": "Dilihat 1 kali"}
    # A reload: same client, not counted again, but told the count.
    assert _beacon(client, article).json() == {"count": 1, "text": "Dilihat 1 kali"}
    _beacon(client, article, ip="198.51.100.7")

    assert news_view_count(page=article) == 2
    assert "Dilihat 2 kali" in client.get("/berita/studi-banding/").content.decode()


@pytest.mark.django_db
def test_the_page_loads_the_beacon_script_from_a_file(client, article):
    html = client.get("/berita/studi-banding/").content.decode()

    assert '<script src="/static/news/views.js" defer></script>' in html
    assert f'data-news-view-url="/berita-dilihat/{article.pk}/"' in html
    # Rendering the page counts nothing by itself (cached pages call the beacon).
    assert news_view_count(page=article) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
    ],
)
def test_bots_are_not_counted(client, article, agent):
    assert _beacon(client, article, agent=agent).status_code == 204
    assert news_view_count(page=article) == 0


@pytest.mark.django_db
def test_people_who_can_edit_the_article_are_not_counted(client, article):
    writer = UserFactory(groups=[Group.objects.get(name="Writers")])
    editor = UserFactory(groups=[Group.objects.get(name="Editors")])
    partner = UserFactory()

    for user, ip in ((writer, "192.0.2.1"), (editor, "192.0.2.2")):
        client.force_login(user)
        assert _beacon(client, article, ip=ip).json()["count"] == 0
    client.force_login(partner)
    _beacon(client, article, ip="192.0.2.3")

    assert news_view_count(page=article) == 1  # only the partner reader


@pytest.mark.django_db
def test_previews_have_no_beacon(client, article):
    editor = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(editor)

    response = client.get(f"/admin/pages/{article.pk}/view_draft/")

    assert response.status_code == 200
    assert "data-news-view-url" not in response.content.decode()
    assert "news/views.js" not in response.content.decode()


@pytest.mark.django_db
def test_drafts_unknown_pages_cross_site_and_get_requests_are_refused(client, article, news_index):
    draft = NewsPageFactory(parent=news_index, slug="draf")
    draft.unpublish()

    assert _beacon(client, draft).status_code == 404
    assert client.post("/berita-dilihat/999999/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert client.get(f"/berita-dilihat/{article.pk}/").status_code == 405
    assert _beacon(client, article, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert _beacon(client, article, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert _beacon(client, article, HTTP_ORIGIN="http://testserver").status_code == 200
    assert news_view_count(page=article) == 1


@pytest.mark.django_db
def test_beacon_is_rate_limited_apart_from_the_feeds(client, article, settings, frozen_time):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "views": "3/m", "feeds": "1/m"}
    statuses = [_beacon(client, article, agent=f"{BROWSER} n{n}").status_code for n in range(5)]

    assert statuses == [200, 200, 200, 429, 429]
    assert news_view_count(page=article) == 3
    # A reader who opened three articles can still fetch the RSS feed.
    assert client.get("/berita/rss/").status_code == 200


@pytest.mark.django_db
def test_publishing_a_new_revision_keeps_the_count(article):
    for _ in range(3):
        news_view_increment(page_id=article.pk)
    article.title = "Judul diperbarui"
    article.save_revision().publish()

    assert news_view_count(page=article) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_are_never_lost(news_index):
    article = NewsPageFactory(parent=news_index, slug="ramai")
    threads_count, per_thread = 8, 25
    barrier = threading.Barrier(threads_count)
    errors = []

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                news_view_increment(page_id=article.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert NewsPageViews.objects.get(page_id=article.pk).count == threads_count * per_thread


@pytest.mark.django_db
def test_cached_article_pages_still_count_through_the_beacon(client, article, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600

    first = client.get("/berita/studi-banding/")
    second = client.get("/berita/studi-banding/")
    _beacon(client, article)
    _beacon(client, article, ip="198.51.100.9")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert "data-news-view-url" in second.content.decode()
    assert news_view_count(page=article) == 2


@pytest.mark.django_db
def test_beacon_answers_the_count_in_the_page_language(client, article, locales):
    english = article.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()

    response = client.post(
        f"/en/berita-dilihat/{english.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.5"
    )

    assert response.json() == {"count": 1, "text": "Viewed 1 time"}


@pytest.mark.django_db
def test_an_article_nobody_has_read_yet_shows_no_count(client, article):
    html = client.get("/berita/studi-banding/").content.decode()

    assert '<span class="news-views" hidden>' in html

    _beacon(client, article)
    html = client.get("/berita/studi-banding/").content.decode()
    assert '<span class="news-views">· <span class="news-views__count">Dilihat 1 kali' in html
