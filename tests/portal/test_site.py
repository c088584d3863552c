import re
from unittest import mock

import pytest
from django.db import DatabaseError

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_unknown_url_shows_friendly_404(client, home):
    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert 'href="/search/"' in html


def test_500_page_renders_without_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert "Traceback" not in html
    assert "<h1>" in html


def test_sitemap_lists_pages_of_both_languages(client, home, locales):
    about = StandardPageFactory(parent=home, slug="tentang")
    home.copy_for_translation(locales["en"]).save_revision().publish()
    about.copy_for_translation(locales["en"]).save_revision().publish()
    draft = StandardPageFactory(parent=home, slug="draf")
    draft.unpublish()

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/tentang/</loc>" in xml
    assert "<loc>http://testserver/en/tentang/</loc>" in xml
    assert "/draf/" not in xml


def test_robots_txt_points_to_sitemap_and_hides_admin(client, home):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_is_503_when_database_is_down(client):
    with mock.patch("portal.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert "down" not in response.content.decode()


def test_home_page_query_count_is_bounded(client, home, django_assert_max_num_queries):
    for number in range(8):
        StandardPageFactory(parent=home, slug=f"menu-{number}", show_in_menus=True)

    # 27: the editors' menus cost one query, even when there are none, and the
    # news feed advertised in every page's <head> one more.
    with django_assert_max_num_queries(27):
        response = client.get("/")
    assert response.status_code == 200


def test_sitemap_and_robots_name_the_host_being_served(client, home, locales):
    # The Site record says localhost:80, as the demo data does; the portal is
    # served on another address (make run on PORT=8001, or behind a proxy).
    StandardPageFactory(parent=home, slug="tentang")
    served = {"HTTP_HOST": "127.0.0.1:8001"}

    robots = client.get("/robots.txt", **served).content.decode()
    xml = client.get("/sitemap.xml", **served).content.decode()

    assert "Sitemap: http://127.0.0.1:8001/sitemap.xml" in robots
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://127.0.0.1:8001/tentang/" in locations
    assert all(location.startswith("http://127.0.0.1:8001/") for location in locations)
