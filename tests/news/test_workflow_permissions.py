"""The newsroom's roles: writers submit, editors approve and publish."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Workflow

from news.models import NewsPage
from tests.factories.news import NewsPageFactory, NewsPersonFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return UserFactory(groups=[Group.objects.get(name="Writers")])


@pytest.fixture
def editor():
    return UserFactory(groups=[Group.objects.get(name="Editors")])


def test_workflow_moderasi_redaksi_has_the_editors_approval_task_on_the_root():
    workflow = Workflow.objects.get(name="Moderasi redaksi")
    root = Page.get_first_root_node()

    assert workflow.active
    assert root.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]


def test_news_pages_use_the_newsroom_workflow(news_index):
    article = NewsPageFactory(parent=news_index)

    assert article.get_workflow().name == "Moderasi redaksi"


def test_writer_may_edit_but_not_publish_editor_may_publish(news_index, writer, editor):
    article = NewsPageFactory(parent=news_index)

    writer_perms = article.permissions_for_user(writer)
    assert writer_perms.can_edit()
    assert not writer_perms.can_publish()
    assert not writer_perms.can_unpublish()
    assert news_index.permissions_for_user(writer).can_add_subpage()
    assert not news_index.permissions_for_user(writer).can_publish_subpage()

    editor_perms = article.permissions_for_user(editor)
    assert editor_perms.can_publish()
    assert editor_perms.can_edit()


def test_writer_cannot_publish_through_the_admin(client, news_index, writer):
    article = NewsPageFactory(parent=news_index, title="Judul lama")
    client.force_login(writer)

    response = client.post(
        f"/admin/pages/{article.pk}/edit/",
        {
            "title": "Judul baru yang diterbitkan sendiri",
            "slug": article.slug,
            "date": "2024-03-27",
            "summary": "Ringkasan.",
            "body-count": "0",
            "writer_links-TOTAL_FORMS": "0",
            "writer_links-INITIAL_FORMS": "0",
            "writer_links-MIN_NUM_FORMS": "0",
            "writer_links-MAX_NUM_FORMS": "1000",
            "action-publish": "1",
        },
    )

    assert response.status_code in (200, 302, 403)
    article.refresh_from_db()
    assert article.title == "Judul lama"  # the live version is untouched


def test_writers_may_choose_people_and_categories_editors_maintain_them(writer, editor):
    assert writer.has_perm("news.view_newsperson")
    assert writer.has_perm("news.view_newscategory")
    assert not writer.has_perm("news.change_newscategory")
    assert editor.has_perm("news.add_newscategory")
    assert editor.has_perm("news.change_newsperson")


def test_scheduled_article_goes_live_with_publish_scheduled(client, news_index):
    writer = NewsPersonFactory()
    article = NewsPageFactory(parent=news_index, writers=[writer], title="Terjadwal")
    article.unpublish()
    article = NewsPage.objects.get(pk=article.pk)
    article.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    article.save_revision().publish()
    article.refresh_from_db()

    assert not article.live
    assert client.get("/berita/").content.decode().count("Terjadwal") == 0

    call_command("publish_scheduled", stdout=io.StringIO())  # too early: nothing happens
    assert not NewsPage.objects.get(pk=article.pk).live

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        call_command("publish_scheduled", stdout=io.StringIO())

    article.refresh_from_db()
    assert article.live
    assert "Terjadwal" in client.get("/berita/").content.decode()
