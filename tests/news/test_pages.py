import pytest
from wagtail.test.utils import WagtailPageTestCase

from news.models import NewsIndexPage, NewsPage
from news.services import news_view_set
from portal.models import HomePage
from tests.factories.news import NewsPageFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


class TestNewsTree(WagtailPageTestCase):
    def test_index_under_home_articles_under_index(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())


def test_admin_listing_shows_view_counts(client, news_index):
    article = NewsPageFactory(parent=news_index, title="Kunjungan Poltekes")
    news_view_set(page_id=article.pk, count=265)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/news_articles/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kunjungan Poltekes" in html
    assert "265" in html
