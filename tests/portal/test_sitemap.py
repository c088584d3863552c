"""/sitemap.xml: Wagtail pages, public events and verified partners, in both
languages, on the host being served, with lastmod; an index when large."""

import datetime
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from wagtail import hooks

from portal import extensions, sitemaps
from portal.models import StandardPage
from tests.factories import StandardPageFactory
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}


def _urlset(response, host="testserver"):
    """The <url> entries as {loc: (lastmod, {hreflang: href})}, after checking
    the sitemaps.org structure of the document."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    entries = {}
    for url in root:
        assert url.tag == f"{{{NS['sm']}}}url"
        locs = url.findall("sm:loc", NS)
        assert len(locs) == 1, "every <url> has exactly one <loc>"
        loc = locs[0].text
        assert loc.startswith(f"http://{host}/") and len(loc) < 2048
        assert loc not in entries, f"{loc} is listed twice"
        lastmod = url.findtext("sm:lastmod", default=None, namespaces=NS)
        if lastmod is not None:  # W3C datetime: a date, or a date and time with its zone
            parsed = datetime.datetime.fromisoformat(lastmod)
            assert len(lastmod) == 10 or parsed.tzinfo is not None
        changefreq = url.findtext("sm:changefreq", default=None, namespaces=NS)
        assert changefreq is None or changefreq in CHANGEFREQ
        priority = url.findtext("sm:priority", default=None, namespaces=NS)
        assert priority is None or 0 <= float(priority) <= 1
        alternates = {}
        for link in url.findall("xhtml:link", NS):
            assert link.get("rel") == "alternate"
            assert link.get("href").startswith(f"http://{host}/")
            alternates[link.get("hreflang")] = link.get("href")
        allowed = {f"{{{NS['sm']}}}{name}" for name in ("loc", "lastmod", "changefreq", "priority")}
        assert {child.tag for child in url} <= allowed | {f"{{{NS['xhtml']}}}link"}
        entries[loc] = (lastmod, alternates)
    return entries


@pytest.fixture
def content(home, locales):
    home.copy_for_translation(locales["en"]).save_revision().publish()
    about = StandardPageFactory(parent=home, slug="tentang")
    about.copy_for_translation(locales["en"]).save_revision().publish()
    verified = InstitutionFactory(slug="alfa")
    unverified = InstitutionFactory(slug="belum", is_verified=False)
    archived = InstitutionFactory(slug="arsip")
    archived.archived_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    archived.save()
    public = EventFactory(title="Lokakarya terbuka", partners=[verified])
    private = EventFactory(title="Rapat internal", is_public=False)
    return {
        "verified": verified,
        "unverified": unverified,
        "archived": archived,
        "public": public,
        "private": private,
    }


def test_sitemap_lists_pages_public_events_and_verified_partners_in_both_languages(client, content):
    entries = _urlset(client.get("/sitemap.xml"))

    event = content["public"]
    for loc in (
        "http://testserver/tentang/",
        "http://testserver/en/tentang/",
        f"http://testserver/acara/{event.slug}/",
        f"http://testserver/en/acara/{event.slug}/",
        "http://testserver/mitra/alfa/",
        "http://testserver/en/mitra/alfa/",
    ):
        assert loc in entries
    listed = " ".join(entries)
    assert f"/acara/{content['private'].slug}/" not in listed
    assert "/mitra/belum/" not in listed
    assert "/mitra/arsip/" not in listed


def test_app_pages_carry_their_translations_and_x_default(client, content):
    entries = _urlset(client.get("/sitemap.xml"))

    slug = content["public"].slug
    _lastmod, alternates = entries[f"http://testserver/en/acara/{slug}/"]
    assert alternates == {
        "id": f"http://testserver/acara/{slug}/",
        "en": f"http://testserver/en/acara/{slug}/",
        "x-default": f"http://testserver/acara/{slug}/",
    }


def test_the_apps_listing_pages_are_listed_in_both_languages(client, content):
    entries = _urlset(client.get("/sitemap.xml"))

    for path in ("/acara/", "/acara/bulan/", "/mitra/", "/kunjungan/"):
        _lastmod, alternates = entries[f"http://testserver/en{path}"]
        assert f"http://testserver{path}" in entries
        assert alternates == {
            "id": f"http://testserver{path}",
            "en": f"http://testserver/en{path}",
            "x-default": f"http://testserver{path}",
        }
    # The private parts of the same apps stay out.
    listed = " ".join(entries)
    assert "/kunjungan-saya/" not in listed
    assert "/kalender-saya/" not in listed
    assert "/institusi-saya/" not in listed


def test_lastmod_is_the_last_real_change(client, content):
    event, partner = content["public"], content["verified"]
    entries = _urlset(client.get("/sitemap.xml"))

    event_lastmod = entries[f"http://testserver/acara/{event.slug}/"][0]
    partner_lastmod = entries["http://testserver/mitra/alfa/"][0]
    page_lastmod = entries["http://testserver/en/tentang/"][0]
    assert event_lastmod == timezone.localdate(event.updated_at).isoformat()
    assert partner_lastmod == timezone.localdate(partner.updated_at).isoformat()
    page = StandardPage.objects.get(slug="tentang", locale__language_code="en")
    assert page_lastmod == timezone.localdate(page.last_published_at).isoformat()


def test_lastmod_follows_an_edit(client, content, time_machine):
    time_machine.move_to(timezone.now() + datetime.timedelta(days=40))
    partner = content["verified"]
    partner.description = "Diperbarui."
    partner.save()

    entries = _urlset(client.get("/sitemap.xml"))

    assert entries["http://testserver/mitra/alfa/"][0] == timezone.localdate().isoformat()


def test_every_entry_is_on_the_host_being_served(client, content):
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8001")

    entries = _urlset(response, host="127.0.0.1:8001")
    assert f"http://127.0.0.1:8001/en/acara/{content['public'].slug}/" in entries


def test_a_large_sitemap_becomes_an_index_of_sections(client, content, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 3)
    monkeypatch.setattr(sitemaps.TranslatedSitemap, "limit", 3)
    monkeypatch.setattr(sitemaps.PortalSitemap, "limit", 3)

    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8001")

    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    files = [item.findtext("sm:loc", namespaces=NS) for item in root.findall("sm:sitemap", NS)]
    assert "http://127.0.0.1:8001/sitemap-events.xml" in files
    assert "http://127.0.0.1:8001/sitemap-partners.xml" in files
    assert "http://127.0.0.1:8001/sitemap-pages.xml" in files
    assert "http://127.0.0.1:8001/sitemap-pages.xml?p=2" in files  # 4 pages, 3 a file
    seen = {}
    for url in files:
        path = url.removeprefix("http://127.0.0.1:8001")
        seen.update(_urlset(client.get(path, HTTP_HOST="127.0.0.1:8001"), host="127.0.0.1:8001"))
    slug = content["public"].slug
    assert f"http://127.0.0.1:8001/acara/{slug}/" in seen
    assert "http://127.0.0.1:8001/en/mitra/alfa/" in seen
    assert "http://127.0.0.1:8001/en/tentang/" in seen
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_query_count_does_not_grow(client, home, content, assert_query_count_stable):
    def grow():
        for number in range(5):
            EventFactory(partners=[InstitutionFactory()])
            StandardPageFactory(parent=home, slug=f"laman-{number}")

    assert_query_count_stable(lambda: client.get("/sitemap.xml"), grow)


def test_two_apps_giving_the_same_section_fail_loudly(rf, home):
    def duplicate(*, request):
        return {"events": sitemaps.TranslatedSitemap(items=None, location=str)}

    with (
        hooks.register_temporarily(extensions.sitemap_sections.name, duplicate),
        pytest.raises(extensions.ExtensionError, match="events"),
    ):
        extensions.sitemap_sections(request=rf.get("/sitemap.xml"))
