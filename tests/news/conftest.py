import pytest

from tests.factories.news import NewsIndexPageFactory


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home, title="Berita", slug="berita")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Renditions, rate-limit counters and view de-duplication live in the
    cache; a previous test's rows (same primary keys) must not leak in."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
