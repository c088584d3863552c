import pytest

from tests.factories.news import NewsIndexPageFactory


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home, title="Berita", slug="berita")
