"""A writer creating an article is credited as its writer from the start
(issue 11, defect 12)."""

import re

import pytest
from django.contrib.auth.models import Group

from news.models import NewsPage, NewsPerson
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def _add_url(news_index):
    return f"/admin/pages/add/news/newspage/{news_index.pk}/"


def _writer_forms(html):
    total = re.search(r'name="writer_links-TOTAL_FORMS"[^>]*value="(\d+)"', html)
    chosen = re.findall(r'name="writer_links-\d+-person"[^>]*value="(\d+)"', html)
    return int(total.group(1)), chosen


def test_new_article_form_credits_the_signed_in_writer(client, news_index):
    writer = UserFactory(groups=[Group.objects.get(name="Writers")], full_name="Zaky")
    person = NewsPerson.objects.create(name="Zaky Rakhmat", user=writer)
    NewsPerson.objects.create(name="Orang lain")
    client.force_login(writer)

    response = client.get(_add_url(news_index))

    assert response.status_code == 200
    html = response.content.decode()
    assert _writer_forms(html) == (1, [str(person.pk)])
    assert "Zaky Rakhmat" in html


def test_saving_the_prefilled_form_keeps_the_writer(client, news_index):
    writer = UserFactory(groups=[Group.objects.get(name="Writers")])
    person = NewsPerson.objects.create(name="Zaky Rakhmat", user=writer)
    client.force_login(writer)

    client.post(
        _add_url(news_index),
        {
            "title": "Kabar baru",
            "slug": "kabar-baru",
            "date": "2026-12-01",
            "summary": "Ringkas.",
            "body-count": "0",
            "writer_links-TOTAL_FORMS": "1",
            "writer_links-INITIAL_FORMS": "0",
            "writer_links-MIN_NUM_FORMS": "1",
            "writer_links-MAX_NUM_FORMS": "1000",
            "writer_links-0-person": str(person.pk),
            "writer_links-0-ORDER": "1",
            "writer_links-0-id": "",
            "writer_links-0-DELETE": "",
            "tags": "",
        },
    )

    article = NewsPage.objects.get(slug="kabar-baru", locale=news_index.locale)
    assert [link.person for link in article.writer_links.all()] == [person]


def test_someone_without_a_newsroom_profile_starts_with_no_writer(client, news_index):
    editor = UserFactory(groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)

    html = client.get(_add_url(news_index)).content.decode()

    assert _writer_forms(html) == (1, [])
