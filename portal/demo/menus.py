"""The demo's main and footer menus, in Indonesian with an English translation.

Built last, once every top-level page exists, and only when the menu is
missing, so editors' changes survive a second run of ``load_demo_data``.
"""

from wagtail.models import Locale

from portal.models import Menu, MenuItem, MenuSection, MenuSlot

EXTERNAL_SITE = "https://openlibrary.telkomuniversity.ac.id/"


def _build(slot, items, *, english_labels):
    """The Indonesian menu of ``slot`` with ``items`` (MenuItem keyword
    arguments) and its English copy, with ``english_labels`` by position."""
    if Menu.objects.filter(slot=slot).exists():
        return
    indonesian = Locale.objects.get(language_code="id")
    english = Locale.objects.get(language_code="en")
    menu = Menu(slot=slot, locale=indonesian)
    menu.items = [MenuItem(**fields) for fields in items]
    menu.save()
    # What "Translate" in the admin does (wagtail.contrib.simple_translation).
    translated = menu.copy_for_translation(english)
    for position, item in enumerate(translated.items.all()):
        item.label = english_labels.get(position, "")
    translated.save()


def build_menus(context):
    home = context["home"]
    # Today's menu (top-level pages shown in menus, news included), then the
    # parts of the portal that are not pages.
    pages = list(home.get_children().live().in_menu())
    _build(
        MenuSlot.MAIN,
        [{"link_page": page} for page in pages]
        + [
            {"link_section": MenuSection.EVENTS, "label": "Acara"},
            {"link_section": MenuSection.PARTNERS, "label": "Mitra"},
            {"link_section": MenuSection.VISITS, "label": "Kunjungan"},
        ],
        english_labels={
            len(pages): "Events",
            len(pages) + 1: "Partners",
            len(pages) + 2: "Study visits",
        },
    )
    _build(
        MenuSlot.FOOTER,
        [
            {"link_page": context["guidelines"]},
            {"link_section": MenuSection.EVENTS_MONTH, "label": "Kalender acara"},
            {"link_section": MenuSection.PARTNERS},
            {"link_url": EXTERNAL_SITE, "label": "Situs Open Library"},
        ],
        english_labels={1: "Events calendar", 3: "Open Library website"},
    )
    return {}
