import pytest
from django.test import Client

from tests.factories.portal import TEST_PASSWORD


@pytest.fixture
def sign_in():
    """A client signed in through allauth's forms, with a fresh reauthentication."""

    def sign_in(user, client=None):
        client = client or Client()
        response = client.post(
            "/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302, response.content
        response = client.post("/en/accounts/reauthenticate/", {"password": TEST_PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return sign_in
