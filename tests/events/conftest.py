import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _indonesian():
    """Each test starts in the default language (a request to /en/ leaves
    English active in the test thread)."""
    with translation.override("id"):
        yield
