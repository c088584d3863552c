"""Link checkers ask with HEAD first: the public partner pages answer it like
GET, without a body."""

import pytest
from django.urls import reverse

from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["directory", "detail"])
def test_public_partner_pages_answer_head_like_get(client, name):
    InstitutionFactory(name="Poltekkes Banjarmasin", slug="poltekkes", is_verified=True)
    url = reverse("partners:directory") if name == "directory" else "/mitra/poltekkes/"

    got = client.get(url)
    head = client.head(url)

    assert (head.status_code, got.status_code) == (200, 200)
    assert head["Content-Type"] == got["Content-Type"]
    assert head.content == b""
    assert "Poltekkes Banjarmasin" in got.text
