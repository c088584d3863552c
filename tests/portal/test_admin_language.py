"""The admin speaks one language, the person's own (issue 11, defect 12:
admin screens mixing languages)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from tests.factories import UserFactory
from tests.factories.news import NewsIndexPageFactory

pytestmark = pytest.mark.django_db


def _admin(language, **extra):
    return UserFactory(is_staff=True, is_superuser=True, preferred_language=language, **extra)


def test_admin_follows_the_preferred_language_not_the_address(client, home):
    client.force_login(_admin("en"))

    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert '<html lang="en"' in html
    assert "Search all pages…" in html
    assert "Halaman" not in html


def test_indonesian_admin_has_no_english_chrome_on_the_dashboard(client, home):
    client.force_login(_admin("id"))

    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="id"' in html
    assert "Cari di semua halaman…" in html
    # The sidebar (rendered from JSON) and the site summary.
    assert '"Laporan"' in html and '"Bantuan"' in html
    for english in ("Search all pages…", '"Reports"', '"Help"', "editor guide"):
        assert english not in html


def test_indonesian_writer_writes_an_article_in_an_indonesian_form(client, home):
    index = NewsIndexPageFactory(parent=home)
    writer = UserFactory(groups=[Group.objects.get(name="Writers")], preferred_language="id")
    client.force_login(writer)

    html = client.get(f"/admin/pages/add/news/newspage/{index.pk}/").content.decode()

    assert 'placeholder="Judul halaman*"' in html
    assert "Page title" not in html
    assert "Toggle side panel" not in html


def test_indonesian_admin_scripts_get_indonesian_strings(client, home):
    client.force_login(_admin("id"))

    catalog = client.get("/admin/jsi18n/").content.decode()

    assert '"Collapse all": "Tutup semua"' in catalog


def test_switching_the_site_language_moves_an_admin_language_chosen_in_wagtail(client, home):
    user = _admin("id")
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="id")
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})

    assert UserProfile.objects.get(user=user).preferred_language == "en"
    assert '<html lang="en"' in client.get("/admin/").content.decode()
