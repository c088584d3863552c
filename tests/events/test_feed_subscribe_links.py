"""The per-partner and per-programme feeds get the same subscribe links
(webcal, Google, Outlook) as the all-events feed."""

from urllib.parse import quote

import pytest

from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


def _assert_subscribe_links(text, path):
    assert f"webcal://testserver{path}" in text or "webcal://" in text and path in text
    assert "calendar.google.com/calendar/render?cid=webcal" in text
    assert "outlook.live.com/calendar/0/addfromweb" in text
    assert quote(path, safe="") in text or path in text


def test_the_partner_page_offers_subscribing_to_its_feed(client, home):
    partner = InstitutionFactory(name="Poltekkes Banjarmasin", slug="poltekkes")
    EventFactory(title="Klub Baca Sehat", partners=[partner])
    response = client.get(f"/mitra/{partner.slug}/")
    assert response.status_code == 200
    _assert_subscribe_links(response.text, "/acara/feed/mitra/poltekkes.ics")


def test_the_programme_page_offers_subscribing_to_its_feed(client, home):
    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory

    programme = ProgrammePageFactory(
        parent=ProgrammeIndexPageFactory(parent=home), title="Literasi Kesehatan"
    )
    response = client.get(programme.url)
    assert response.status_code == 200
    _assert_subscribe_links(response.text, f"/acara/feed/program/{programme.pk}.ics")
