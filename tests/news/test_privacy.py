import datetime

import pytest

from news.models import NewsPerson
from portal.extensions import erase_personal_data, personal_data
from tests.factories.news import NewsPageFactory, NewsPersonFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def test_personal_data_lists_the_newsroom_profile_and_credits(news_index):
    user = UserFactory(email="mzakyrakhmat@openlibrary.example")
    person = NewsPersonFactory(name="Muhammad Zaky Rakhmat", user=user)
    NewsPageFactory(
        parent=news_index, title="Studi banding", writers=[person], date=datetime.date(2024, 3, 27)
    )

    data = personal_data(user=user)["news_profile"]

    assert data["handle"] == "mzakyrakhmat"
    assert [item["title"] for item in data["articles_written"]] == ["Studi banding"]
    assert personal_data(user=UserFactory()).get("news_profile") is None


def test_erasing_an_account_keeps_credits_but_drops_the_link_and_the_e_mail_handle(
    client, news_index
):
    user = UserFactory(email="mzakyrakhmat@openlibrary.example")
    person = NewsPersonFactory(name="Muhammad Zaky Rakhmat", user=user)
    article = NewsPageFactory(parent=news_index, slug="sb", writers=[person])

    erase_personal_data(user=user)

    person = NewsPerson.objects.get(pk=person.pk)
    assert person.user is None and person.handle == ""
    html = " ".join(client.get(article.url).content.decode().split())
    assert "Oleh Muhammad Zaky Rakhmat" in html
    assert "mzakyrakhmat" not in html
