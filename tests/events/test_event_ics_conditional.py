"""A per-event .ics answers conditional requests like the feeds: ETag and
Last-Modified, 304 when unchanged, a new ETag once the event changes."""

import pytest
from django.urls import reverse

from partners.events.services import event_save
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def test_event_ics_sends_validators_and_answers_304_until_the_event_changes(client):
    event = EventFactory(slug="klub-puisi")
    url = reverse("events:event-ics", kwargs={"slug": event.slug})
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    head = client.head(url, headers={"if-none-match": etag})
    assert head.status_code == 304
    event.title = "Klub puisi malam"
    event_save(event)
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"Klub puisi malam" in changed.content


def test_an_unknown_event_ics_is_404(client):
    url = reverse("events:event-ics", kwargs={"slug": "tidak-ada"})
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"if-none-match": '"x"'}).status_code == 404
