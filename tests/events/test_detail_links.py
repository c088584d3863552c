"""What the event page says about who runs it and which programme it
belongs to, in the reader's language."""

import json
import re

import pytest
from wagtail.models import Site

from portal.models import SiteSettings
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


def _organisers(response):
    text = re.sub(r"\s+", " ", response.text)
    match = re.search(r"<dt>(?:Penyelenggara|Organisers)</dt> ?<dd>(.*?)</dd>", text)
    return re.sub(r"<[^>]+>", "", match.group(1))


def _json_ld(response):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(block.group(1))


def test_the_host_is_named_among_the_organisers(client, home):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.organisation_name = "Open Library Telkom University"
    settings.save()
    partner = InstitutionFactory(name="Poltekkes Banjarmasin")
    event = EventFactory(partners=[partner])
    response = client.get(event.get_absolute_url())
    assert _organisers(response) == "Open Library Telkom University, Poltekkes Banjarmasin"
    assert [org["name"] for org in _json_ld(response)["organizer"]] == [
        "Open Library Telkom University",
        "Poltekkes Banjarmasin",
    ]


def test_without_a_host_name_the_generic_phrase_is_used(client, home):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.organisation_name = " "
    settings.save()
    event = EventFactory()
    assert _organisers(client.get(event.get_absolute_url())) == "Perpustakaan tuan rumah"


def test_an_event_the_host_does_not_organise_names_only_the_partners(client, home):
    event = EventFactory(host_is_organiser=False, partners=[InstitutionFactory(name="Mitra A")])
    response = client.get(event.get_absolute_url())
    assert _organisers(response) == "Mitra A"
    assert [org["name"] for org in _json_ld(response)["organizer"]] == ["Mitra A"]


@pytest.fixture
def programme(home, locales):
    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory

    index = ProgrammeIndexPageFactory(parent=home, title="Program", slug="program")
    page = ProgrammePageFactory(parent=index, title="Literasi Kesehatan", slug="literasi-kesehatan")
    return page


def _translate(page, locale, **changes):
    translated = page.copy_for_translation(locale)
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def _programme_link(response):
    text = re.sub(r"\s+", " ", response.text)
    match = re.search(r"<dt>(?:Program|Programme)</dt><dd><a href=\"([^\"]+)\">([^<]+)</a>", text)
    return match.groups()


def test_the_english_event_page_links_to_the_english_programme(client, home, locales, programme):
    _translate(home, locales["en"])
    _translate(programme.get_parent(), locales["en"], title="Programmes")
    english = _translate(programme, locales["en"], title="Health Literacy")
    event = EventFactory(programme=programme)

    assert _programme_link(client.get(event.get_absolute_url())) == (
        programme.url,
        "Literasi Kesehatan",
    )
    response = client.get("/en" + event.get_absolute_url())
    assert _programme_link(response) == (english.url, "Health Literacy")
    assert english.url.startswith("/en/")


def test_without_a_translation_the_programme_page_in_its_own_language_is_linked(
    client, home, locales, programme
):
    _translate(home, locales["en"])
    event = EventFactory(programme=programme)
    response = client.get("/en" + event.get_absolute_url())
    assert _programme_link(response) == (programme.url, "Literasi Kesehatan")


def test_an_unpublished_programme_is_not_linked(client, home, programme):
    event = EventFactory(programme=programme)
    programme.unpublish()
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Literasi Kesehatan" not in response.text
