"""Every page type goes through the editor's path: add, edit, preview.

Each page type is created through the admin's add view, edited and
published through its edit view, then previewed with unsaved changes; the
published page and the preview both show the text the editor typed.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.factories import ProgrammeIndexPageFactory, UserFactory
from tests.factories.news import NewsIndexPageFactory, NewsPersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def _home_parent(home):
    return home


def _root_parent(home):
    # A second site's home page: the tree root takes one per locale, so the
    # default site's home page makes room for it.
    root = home.get_parent()
    home.delete()
    return root


def _programme_index(home):
    return ProgrammeIndexPageFactory(parent=home, slug="program")


def _news_index(home):
    return NewsIndexPageFactory(parent=home, slug="berita")


def _news_fields(text):
    return {
        "date": "2026-11-30",
        "summary": text,
        "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
        "writer_links": inline_formset([{"person": NewsPersonFactory().pk}]),
    }


# label -> (the parent it is added under, its fields with a visible text)
PAGE_TYPES = {
    "portal.HomePage": (
        _root_parent,
        lambda text: {"hero_title": text, "body": streamfield([])},
    ),
    "portal.StandardPage": (
        _home_parent,
        lambda text: {"introduction": text, "body": streamfield([])},
    ),
    "portal.ProgrammeIndexPage": (
        _home_parent,
        lambda text: {"introduction": rich_text(f"<p>{text}</p>")},
    ),
    "portal.ProgrammePage": (
        _programme_index,
        lambda text: {"summary": text, "body": streamfield([])},
    ),
    "news.NewsIndexPage": (
        _home_parent,
        lambda text: {"introduction": text},
    ),
    "news.NewsPage": (_news_index, _news_fields),
}


def test_every_page_type_is_covered():
    creatable = {model._meta.label for model in get_page_models() if model.is_creatable}
    assert creatable == set(PAGE_TYPES)


def _form(title, slug, fields):
    return nested_form_data(
        {"title": title, "slug": slug, "comments": inline_formset([]), **fields}
    )


@pytest.mark.parametrize("label", list(PAGE_TYPES))
def test_create_edit_and_preview(client, home, label):
    parent_of, fields = PAGE_TYPES[label]
    parent = parent_of(home)
    model = next(model for model in get_page_models() if model._meta.label == label)
    client.force_login(UserFactory(is_superuser=True))
    slug = "uji-" + model._meta.model_name

    add_url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, _form("Halaman Uji", slug, fields("Teks pertama.")))
    assert response.status_code == 302, response.context and response.context["form"].errors
    page = Page.objects.child_of(parent).get(slug=slug).specific
    assert type(page) is model
    assert not page.live  # saved as a draft

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert "Teks pertama." in client.get(edit_url).text
    data = {**_form("Halaman Terbit", slug, fields("Teks yang terbit.")), "action-publish": "1"}
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    page.refresh_from_db()
    assert page.live
    assert page.title == "Halaman Terbit"
    if page.url is not None:  # the new home page belongs to no site
        published = client.get(page.url)
        assert published.status_code == 200
        assert "Teks yang terbit." in published.text

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = client.post(preview_url, _form("Halaman Pratinjau", slug, fields("Teks pratinjau.")))
    assert response.json()["is_valid"] is True
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "Teks pratinjau." in preview.text
    assert "Teks yang terbit." not in preview.text
    page.refresh_from_db()
    assert page.title == "Halaman Terbit"  # a preview saves nothing
