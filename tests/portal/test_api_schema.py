import re

import pytest
from django.core.cache import cache
from openapi_spec_validator import validate

from portal.api.router import api_router

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_openapi_document_validates(client, language):
    response = client.get("/api/v2/schema/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == language
    document = response.json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/api/v2"}]


def test_the_document_describes_every_endpoint(client):
    document = client.get("/api/v2/schema/").json()

    described = {route.strip("/").split("/")[0] for route in document["paths"]}
    assert described == set(api_router._endpoints) == {"pages", "events", "partners"}
    for name in described:
        assert f"/{name}/" in document["paths"]
        assert f"/{name}/{{id}}/" in document["paths"]


def test_the_description_page_lists_every_operation_and_loads_nothing_foreign(client):
    response = client.get("/api/v2/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mitra Pustaka public API</h1>" in html
    for route in ["/pages/", "/events/", "/events/{id}/", "/partners/"]:
        assert f"GET {route}</code>" in html
    assert "curl -H 'Accept-Language: en' 'http://testserver/api/v2/events/'" in html
    assert 'href="/api/v2/schema/"' in html
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources and all(source.startswith("/static/") for source in sources)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_description_page_is_in_indonesian_by_default(client):
    html = client.get("/api/v2/").content.decode()

    assert '<html lang="id">' in html
    assert "Cara API menjawab" in html
