"""Menus editors manage in the admin (issue 16, part 1)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.models import Menu, MenuItem, MenuSection, MenuSlot
from portal.page_cache import current_generation
from tests.factories import StandardPageFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<li><a href="([^"]+)"(?: aria-current="([a-z]+)")?>([^<]+)</a></li>')


def _header_links(html):
    menu = html.split('<ul class="site-nav__list">', 1)[1].split("</ul>", 1)[0]
    return LINK.findall(menu)


def _footer_links(html):
    if 'id="footer-links"' not in html:
        return []
    return LINK.findall(html.split('id="footer-links"', 1)[1].split("</nav>", 1)[0])


@pytest.fixture
def bilingual(home, locales):
    home.copy_for_translation(locales["en"]).save_revision().publish()
    about = StandardPageFactory(parent=home, title="Tentang", slug="tentang")
    about_en = about.copy_for_translation(locales["en"], copy_parents=True)
    about_en.title = "About"
    about_en.slug = "about"
    about_en.save_revision().publish()
    return {"home": home, "about": about, "locales": locales}


def _menu(locale, items, slot=MenuSlot.MAIN):
    menu = Menu(slot=slot, locale=locale)
    menu.items = [MenuItem(**fields) for fields in items]
    menu.save()
    return menu


EVERY_KIND = [
    {"link_page": None},  # replaced by the "Tentang" page
    {"link_section": MenuSection.EVENTS},
    {"link_section": MenuSection.EVENTS_MONTH},
    {"link_section": MenuSection.PARTNERS},
    {"link_section": MenuSection.VISITS, "label": "Kunjungan"},
    {"link_url": "https://openlibrary.example/", "label": "Open Library"},
]


@pytest.fixture
def every_kind(bilingual):
    items = [dict(fields) for fields in EVERY_KIND]
    items[0]["link_page"] = bilingual["about"]
    menu = _menu(bilingual["locales"]["id"], items)
    translated = menu.copy_for_translation(bilingual["locales"]["en"])
    for item in translated.items.all():
        if item.link_section == MenuSection.VISITS:
            item.label = "Study visits"
    translated.save()
    return bilingual


def test_every_kind_of_link_in_indonesian(client, every_kind):
    links = _header_links(client.get("/").content.decode())

    assert [(href, title) for href, _current, title in links] == [
        ("/tentang/", "Tentang"),
        ("/acara/", "Kegiatan bersama"),
        ("/acara/bulan/", "Kegiatan bersama, tampilan bulanan"),
        ("/mitra/", "Direktori mitra"),
        ("/kunjungan/", "Kunjungan"),
        ("https://openlibrary.example/", "Open Library"),
        ("/search/", "Cari"),
    ]


def test_every_kind_of_link_in_english(client, every_kind):
    links = _header_links(client.get("/en/").content.decode())

    assert [(href, title) for href, _current, title in links] == [
        ("/en/about/", "About"),
        ("/en/acara/", "Shared events"),
        ("/en/acara/bulan/", "Shared events, month view"),
        ("/en/mitra/", "Partner directory"),
        ("/en/kunjungan/", "Study visits"),
        ("https://openlibrary.example/", "Open Library"),
        ("/en/search/", "Search"),
    ]


def test_a_menu_missing_in_english_falls_back_to_the_indonesian_one(client, bilingual):
    _menu(
        bilingual["locales"]["id"],
        [{"link_page": bilingual["about"]}, {"link_section": MenuSection.PARTNERS}],
    )

    links = _header_links(client.get("/en/").content.decode())

    assert [(href, title) for href, _current, title in links] == [
        ("/en/about/", "About"),
        ("/en/mitra/", "Partner directory"),
        ("/en/search/", "Search"),
    ]


def test_links_follow_the_editors_order(client, bilingual):
    menu = _menu(
        bilingual["locales"]["id"],
        [
            {"link_section": MenuSection.EVENTS, "label": "Acara"},
            {"link_section": MenuSection.PARTNERS, "label": "Mitra"},
            {"link_page": bilingual["about"]},
        ],
    )
    for position, item in zip([2, 0, 1], menu.items.all(), strict=True):
        item.sort_order = position
        item.save()

    links = _header_links(client.get("/").content.decode())

    assert [title for _href, _current, title in links] == ["Mitra", "Tentang", "Acara", "Cari"]


def test_unpublished_pages_are_left_out(client, bilingual):
    draft = StandardPageFactory(parent=bilingual["home"], title="Draf", slug="draf")
    draft.unpublish()
    _menu(bilingual["locales"]["id"], [{"link_page": draft}, {"link_page": bilingual["about"]}])

    links = _header_links(client.get("/").content.decode())

    assert [title for _href, _current, title in links] == ["Tentang", "Cari"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", []),
        ("/tentang/", [("Tentang", "page")]),
        ("/acara/", [("Kegiatan bersama", "page")]),
        # The month view is its own link: the events link is not marked too.
        ("/acara/bulan/", [("Kegiatan bersama, tampilan bulanan", "page")]),
        ("/mitra/", [("Direktori mitra", "page")]),
        ("/en/kunjungan/", [("Study visits", "page")]),
        ("/search/", [("Cari", "page")]),
    ],
)
def test_only_the_current_section_is_marked(client, every_kind, url, expected):
    links = _header_links(client.get(url).content.decode())

    assert [(title, current) for _href, current, title in links if current] == expected


def test_events_link_is_marked_inside_the_events_section(client, bilingual):
    _menu(bilingual["locales"]["id"], [{"link_section": MenuSection.EVENTS, "label": "Acara"}])

    links = _header_links(client.get("/acara/arsip/").content.decode())

    assert [(title, current) for _href, current, title in links if current] == [("Acara", "true")]


def test_footer_menu_is_shown_only_when_editors_made_one(client, bilingual):
    assert _footer_links(client.get("/").content.decode()) == []

    _menu(
        bilingual["locales"]["id"],
        [{"link_section": MenuSection.EVENTS_MONTH, "label": "Kalender acara"}],
        slot=MenuSlot.FOOTER,
    )
    html = client.get("/en/").content.decode()

    assert _footer_links(html) == [("/en/acara/bulan/", "", "Kalender acara")]
    assert '<h2 id="footer-links" class="site-footer__heading">Explore</h2>' in html


def test_header_query_count_does_not_grow_with_the_links(
    client, bilingual, assert_query_count_stable
):
    menu = _menu(
        bilingual["locales"]["id"],
        [
            {"link_page": bilingual["about"]},
            {"link_section": MenuSection.EVENTS},
            {"link_url": "https://openlibrary.example/", "label": "Open Library"},
        ],
    )

    def grow():
        for slug in ("satu", "dua", "tiga"):
            page = StandardPageFactory(parent=bilingual["home"], title=slug, slug=slug)
            MenuItem.objects.create(menu=menu, link_page=page)
        MenuItem.objects.create(menu=menu, link_section=MenuSection.PARTNERS)
        MenuItem.objects.create(menu=menu, link_section=MenuSection.VISITS)
        MenuItem.objects.create(menu=menu, link_url="https://example.org/", label="Lain")

    assert_query_count_stable(lambda: client.get("/tentang/"), grow)
    assert len(_header_links(client.get("/tentang/").content.decode())) == 10


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"link_section": MenuSection.EVENTS, "link_url": "https://openlibrary.example/"},
        {"link_url": "https://openlibrary.example/"},
    ],
)
def test_a_link_needs_exactly_one_target_and_external_ones_a_label(fields):
    with pytest.raises(ValidationError):
        MenuItem(**fields).clean()


def test_saving_a_menu_empties_the_page_cache(locales, django_capture_on_commit_callbacks):
    before = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        _menu(locales["id"], [{"link_section": MenuSection.EVENTS}])

    assert current_generation() != before


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Editors")]))
    return client


def test_an_editor_makes_the_main_menu_in_the_admin(editor_client, client, bilingual):
    data = nested_form_data(
        {
            "slot": MenuSlot.MAIN,
            "items": inline_formset(
                [
                    {
                        "label": "",
                        "link_page": bilingual["about"].pk,
                        "link_section": "",
                        "link_url": "",
                    },
                    {"label": "Acara", "link_page": "", "link_section": "events", "link_url": ""},
                ]
            ),
        }
    )

    response = editor_client.post("/admin/snippets/portal/menu/add/", data)

    assert response.status_code == 302
    menu = Menu.objects.get()
    assert menu.locale == bilingual["locales"]["id"]
    client.logout()
    links = _header_links(client.get("/").content.decode())
    assert [(href, title) for href, _current, title in links] == [
        ("/tentang/", "Tentang"),
        ("/acara/", "Acara"),
        ("/search/", "Cari"),
    ]


def test_the_admin_refuses_a_link_with_two_targets(editor_client, bilingual):
    data = nested_form_data(
        {
            "slot": MenuSlot.MAIN,
            "items": inline_formset(
                [
                    {
                        "label": "X",
                        "link_page": "",
                        "link_section": "events",
                        "link_url": "https://a.example/",
                    }
                ]
            ),
        }
    )

    response = editor_client.post("/admin/snippets/portal/menu/add/", data)

    assert response.status_code == 200
    assert not Menu.objects.exists()
