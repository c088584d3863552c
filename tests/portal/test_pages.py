import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from portal.models import HomePage, ProgrammeIndexPage, ProgrammePage, StandardPage
from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_and_empty_sections(client, home):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Selamat datang</h1>" in html
    assert "Belum ada berita yang diterbitkan." in html


def test_standard_page_shows_in_menu_when_flagged(client, home):
    StandardPageFactory(parent=home, title="Tentang Kami", slug="tentang", show_in_menus=True)
    StandardPageFactory(parent=home, title="Rahasia", slug="rahasia", show_in_menus=False)

    html = client.get("/").content.decode()

    assert 'href="/tentang/"' in html
    assert "Rahasia" not in html


def test_programme_index_lists_only_live_programmes(client, home):
    index = ProgrammeIndexPageFactory(parent=home, slug="program")
    ProgrammePageFactory(parent=index, title="Literasi Kesehatan", slug="kesehatan")
    draft = ProgrammePageFactory(parent=index, title="Program Draf", slug="draf")
    draft.unpublish()

    html = client.get("/program/").content.decode()

    assert "Literasi Kesehatan" in html
    assert "Program Draf" not in html
    assert client.get("/program/draf/").status_code == 404


def test_programme_end_before_start_is_refused(home):
    index = ProgrammeIndexPageFactory(parent=home, slug="program")
    page = ProgrammePageFactory(parent=index, slug="p")
    page.start_date = "2024-05-01"
    page.end_date = "2024-04-01"

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "end_date" in error.value.message_dict


class TestPageTree(WagtailPageTestCase):
    def test_home_only_under_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_children(self):
        # The page types an editor can add under the home page, news included.
        creatable = {model._meta.label for model in HomePage.creatable_subpage_models()}
        assert creatable == {
            "portal.StandardPage",
            "portal.ProgrammeIndexPage",
            "news.NewsIndexPage",
        }
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, ProgrammeIndexPage)
        self.assertCanNotCreateAt(HomePage, ProgrammePage)

    def test_programme_pages_only_under_index(self):
        self.assertAllowedParentPageTypes(ProgrammePage, {ProgrammeIndexPage})
        self.assertAllowedSubpageTypes(ProgrammePage, set())
