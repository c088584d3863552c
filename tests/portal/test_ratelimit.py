import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_search_answers_429_with_retry_after_once_over_the_limit(
    client, home, settings, frozen_time
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "search": "3/m"}
    for _ in range(3):
        assert client.get("/search/", {"q": "literasi"}).status_code == 200
    response = client.get("/search/", {"q": "literasi"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Terlalu banyak permintaan" in response.text


def test_a_forged_forwarded_for_header_does_not_reset_the_count(
    client, home, settings, frozen_time
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "search": "2/m"}
    codes = [
        client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, home, settings, frozen_time):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "search": "1/m"}
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    first = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.2")
    again = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)
