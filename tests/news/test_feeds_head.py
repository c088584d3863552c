"""Feed readers ask with HEAD before they fetch: the news feeds answer it
like GET, without a body."""

import pytest

from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/berita/rss/", "application/rss+xml; charset=utf-8"),
        ("/berita/atom/", "application/atom+xml; charset=utf-8"),
        ("/en/berita/rss/", "application/rss+xml; charset=utf-8"),
    ],
)
def test_news_feeds_answer_head_like_get(client, news_index, locales, path, content_type):
    from wagtail.models import Page

    NewsPageFactory(parent=news_index, title="Kelas literasi", slug="kelas")
    english_home = news_index.get_parent().copy_for_translation(locales["en"])
    english_home.save_revision().publish()
    Page.objects.get(pk=news_index.pk).specific.copy_for_translation(
        locales["en"]
    ).save_revision().publish()
    got = client.get(path)
    head = client.head(path)
    assert (head.status_code, got.status_code) == (200, 200)
    assert head["Content-Type"] == got["Content-Type"] == content_type
    assert head.content == b""
    assert b"<title>" in got.content or b"<title " in got.content
