"""The main menu marks only the section being read (issue 11, defect 10)."""

import re

import pytest

from tests.factories import StandardPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

MENU_LINK = re.compile(r'<li><a href="([^"]+)"(?: aria-current="([a-z]+)")?>([^<]+)</a></li>')


def _marked(html):
    menu = html.split('<ul class="site-nav__list">', 1)[1].split("</ul>", 1)[0]
    return [(title, state) for _href, state, title in MENU_LINK.findall(menu) if state]


@pytest.fixture
def sections(home):
    StandardPageFactory(parent=home, title="Tentang", slug="tentang", show_in_menus=True)
    StandardPageFactory(parent=home, title="Kontak", slug="kontak", show_in_menus=True)
    index = NewsIndexPageFactory(parent=home, show_in_menus=True)
    NewsPageFactory(parent=index, slug="kabar")
    return home


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", []),
        ("/tentang/", [("Tentang", "page")]),
        ("/berita/", [("Berita", "page")]),
        ("/berita/kabar/", [("Berita", "true")]),
        ("/berita/2024/1/", [("Berita", "true")]),
        ("/search/", [("Cari", "page")]),
        ("/acara/", []),
    ],
)
def test_only_the_current_section_is_marked_current(client, sections, url, expected):
    response = client.get(url)

    assert response.status_code == 200
    assert _marked(response.content.decode()) == expected


def test_menu_lists_every_section_once(client, sections):
    html = client.get("/tentang/").content.decode()
    menu = html.split('<ul class="site-nav__list">', 1)[1].split("</ul>", 1)[0]

    assert [title for _href, _state, title in MENU_LINK.findall(menu)] == [
        "Tentang",
        "Kontak",
        "Berita",
        "Cari",
    ]
