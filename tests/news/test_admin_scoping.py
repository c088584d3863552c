"""Writers and editors see in admin selects only what their role may see
(issue 11, security findings: users, private events, agreement titles)."""

import pytest
from django.contrib.auth.models import Group
from django.http import QueryDict
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from news.models import NewsPage, NewsPerson
from tests.factories.events import EventFactory
from tests.factories.news import NewsPageFactory, NewsPersonFactory
from tests.factories.partners import AgreementFactory, InstitutionFactory, MembershipFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def in_group(name, **kwargs):
    return UserFactory(groups=[Group.objects.get(name=name)], **kwargs)


@pytest.fixture
def secrets():
    """Things a writer or editor must not see: a partner member, a private
    event and an agreement (linked to a public event)."""
    institution = InstitutionFactory(name="Perpustakaan Mitra Rahasia")
    partner = MembershipFactory(
        institution=institution,
        user=UserFactory(
            full_name="Sentinel Partnerperson", email="sentinel.partner@mitra.example"
        ),
    ).user
    agreement = AgreementFactory(title="Naskah Sentinel Kerja Sama", partners=[institution])
    private = EventFactory(title="Rapat Internal Sentinel", is_public=False)
    public = EventFactory(title="Lokakarya Terbuka", agreement=agreement)
    return {"partner": partner, "agreement": agreement, "private": private, "public": public}


def assert_hides_secrets(html, secrets):
    for text in (
        secrets["partner"].email,
        secrets["partner"].full_name,
        secrets["private"].title,
        secrets["agreement"].title,
    ):
        assert text not in html


# --- News articles ------------------------------------------------------------------


def test_writer_adding_an_article_sees_public_events_only(client, news_index, secrets):
    client.force_login(in_group("Writers"))
    response = client.get(f"/admin/pages/add/news/newspage/{news_index.pk}/")
    assert response.status_code == 200
    assert secrets["public"].title in response.text
    assert_hides_secrets(response.text, secrets)


def test_writer_editing_an_article_sees_no_private_event(client, news_index, secrets):
    article = NewsPageFactory(parent=news_index)
    client.force_login(in_group("Writers"))
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert secrets["public"].title in response.text
    assert_hides_secrets(response.text, secrets)


def test_editor_who_manages_events_still_sees_private_ones(client, news_index, secrets):
    client.force_login(in_group("Editors"))
    response = client.get(f"/admin/pages/add/news/newspage/{news_index.pk}/")
    assert secrets["private"].title in response.text


def test_a_writer_saving_an_article_keeps_the_private_event_an_editor_linked(news_index, secrets):
    person = NewsPersonFactory()
    article = NewsPageFactory(parent=news_index, writers=[person])
    article.events.set([secrets["private"]])
    article.save_revision().publish()
    article = NewsPage.objects.get(pk=article.pk)
    writer = in_group("Writers")
    form_class = NewsPage.get_edit_handler().get_form_class()
    fields = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "date": article.date.isoformat(),
            "summary": article.summary,
            "body": streamfield([]),
            "writer_links": inline_formset([{"person": person.pk}]),
            "comments": inline_formset([]),
        }
    )
    data = QueryDict(mutable=True)
    data.update(fields)
    data.setlist("events", [secrets["public"].pk])
    form = form_class(data, instance=article, for_user=writer, parent_page=news_index)
    assert [event.title for event in form.fields["events"].queryset] == ["Lokakarya Terbuka"]
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    assert {event.title for event in saved.events.all()} == {
        "Lokakarya Terbuka",
        "Rapat Internal Sentinel",
    }


# --- News people --------------------------------------------------------------------


def test_account_select_of_a_news_person_lists_staff_only(client, home, secrets):
    colleague = in_group("Writers", full_name="Rekan Penulis")
    client.force_login(in_group("Editors"))
    response = client.get("/admin/snippets/news/newsperson/add/")
    assert response.status_code == 200
    assert "Rekan Penulis" in response.text
    assert_hides_secrets(response.text, secrets)
    response = client.post(
        "/admin/snippets/news/newsperson/add/",
        {"name": "Nama", "handle": "", "user": secrets["partner"].pk},
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not NewsPerson.objects.filter(name="Nama").exists()
    response = client.post(
        "/admin/snippets/news/newsperson/add/",
        {"name": "Rekan", "handle": "", "user": colleague.pk},
    )
    assert response.status_code == 302


def test_account_already_linked_stays_selectable(client, home):
    linked = UserFactory(full_name="Akun Lama")
    person = NewsPersonFactory(user=linked)
    client.force_login(in_group("Editors"))
    response = client.get(f"/admin/snippets/news/newsperson/edit/{person.pk}/")
    assert "Akun Lama" in response.text


# --- Events admin (editors manage events, not agreements) ---------------------------


def test_editor_editing_an_event_sees_no_agreement_title(client, home, secrets):
    client.force_login(in_group("Editors"))
    event = secrets["public"]
    for url in (
        f"/admin/acara-bersama/edit/{event.pk}/",
        "/admin/acara-bersama/new/",
        f"/admin/acara-bersama/inspect/{event.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert secrets["agreement"].title not in response.text, url
    export = client.get("/admin/acara-bersama/", {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "Lokakarya Terbuka" in body
    assert secrets["agreement"].title not in body


def test_editor_saving_an_event_keeps_its_agreement(client, home, secrets):
    client.force_login(in_group("Editors"))
    event = secrets["public"]
    form = client.get(f"/admin/acara-bersama/edit/{event.pk}/").context["form"]
    assert "agreement" not in form.fields
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "title": "Lokakarya Terbuka (diubah)",
            "start": "2027-01-09 14:00",
            "end": "2027-01-09 16:00",
            "partners": [],
            "exdates": "",
            # The "changes to single dates" inline, empty.
            "occurrence_changes-TOTAL_FORMS": "0",
            "occurrence_changes-INITIAL_FORMS": "0",
            "occurrence_changes-MIN_NUM_FORMS": "0",
            "occurrence_changes-MAX_NUM_FORMS": "1000",
        }
    )
    data = {key: value for key, value in data.items() if value is not False}
    response = client.post(f"/admin/acara-bersama/edit/{event.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert event.title == "Lokakarya Terbuka (diubah)"
    assert event.agreement == secrets["agreement"]


def test_cooperation_staff_still_pick_the_agreement(client, home, secrets):
    client.force_login(in_group("Cooperation staff"))
    response = client.get(f"/admin/acara-bersama/edit/{secrets['public'].pk}/")
    assert secrets["agreement"].title in response.text
