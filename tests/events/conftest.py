import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _indonesian_and_fresh_cache():
    """Each test starts in the default language (a request to /en/ leaves
    English active in the test thread) with empty feed caches."""
    cache.clear()
    with translation.override("id"):
        yield
    cache.clear()
