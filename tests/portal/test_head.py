"""Crawlers and load balancers ask with HEAD: robots.txt, the sitemap, the
health check and search answer it like GET, without a body."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/robots.txt", "/sitemap.xml", "/healthz/", "/search/?query=x"])
def test_site_endpoints_answer_head_like_get(client, home, url):
    got = client.get(url)
    head = client.head(url)

    assert (head.status_code, got.status_code) == (200, 200)
    assert head["Content-Type"] == got["Content-Type"]
    assert head.content == b""
    assert got.content
