"""Link checkers, feed readers and calendar apps ask with HEAD first: every
event page, .ics file and feed answers it like GET, without a body."""

import pytest
from django.urls import reverse

from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(home):
    from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory

    partner = InstitutionFactory(slug="poltekkes")
    programme = ProgrammePageFactory(parent=ProgrammeIndexPageFactory(parent=home))
    event = EventFactory(slug="klub-baca", partners=[partner], programme=programme)
    return {
        "list": reverse("events:event-list"),
        "month": reverse("events:event-month"),
        "archive": reverse("events:event-archive"),
        "detail": event.get_absolute_url(),
        "event ics": reverse("events:event-ics", kwargs={"slug": event.slug}),
        "feed": reverse("events:feed"),
        "partner feed": reverse("events:feed-partner", kwargs={"value": partner.slug}),
        "programme feed": reverse("events:feed-programme", kwargs={"value": programme.pk}),
        "kind feed": reverse("events:feed-kind", kwargs={"value": event.kind}),
    }


@pytest.mark.parametrize(
    "name",
    [
        "list",
        "month",
        "archive",
        "detail",
        "event ics",
        "feed",
        "partner feed",
        "programme feed",
        "kind feed",
    ],
)
def test_head_answers_like_get_without_a_body(client, urls, name):
    got = client.get(urls[name])
    head = client.head(urls[name])
    assert (head.status_code, got.status_code) == (200, 200)
    assert head["Content-Type"] == got["Content-Type"]
    assert head.get("Content-Disposition") == got.get("Content-Disposition")
    assert head.get("ETag") == got.get("ETag")
    assert head.content == b""
    assert got.content


def test_other_methods_are_still_refused_on_feeds(client, urls):
    response = client.post(urls["feed"])
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
