import pytest


@pytest.fixture
def translated_about(home, locales):
    """An about page in Indonesian ("Tentang") and its English translation."""
    from tests.factories import StandardPageFactory

    about = StandardPageFactory(parent=home, title="Tentang", slug="tentang", show_in_menus=True)
    home_en = home.copy_for_translation(locales["en"])
    home_en.title = "Home"
    home_en.save_revision().publish()
    about_en = about.copy_for_translation(locales["en"])
    about_en.title = "About us"
    about_en.save_revision().publish()
    return about, about_en
