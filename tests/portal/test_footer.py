"""The footer speaks the reader's language (issue 11, defect 12)."""

import pytest
from wagtail.models import Site

from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual_home(home, locales):
    home.copy_for_translation(locales["en"]).save_revision().publish()
    return home


def _hours(html):
    return html.split("<address>", 1)[1].split("</address>", 1)[0]


def test_footer_opening_hours_follow_the_page_language(client, bilingual_home):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.opening_hours = "Senin–Jumat 08.00–16.00 WIB"
    settings.opening_hours_en = "Monday to Friday, 08:00–16:00 WIB"
    settings.save()

    indonesian = _hours(client.get("/").content.decode())
    english = _hours(client.get("/en/").content.decode())

    assert "Senin–Jumat 08.00–16.00 WIB" in indonesian
    assert "Monday" not in indonesian
    assert "Monday to Friday, 08:00–16:00 WIB" in english
    assert "Senin" not in english


def test_footer_opening_hours_fall_back_to_indonesian(client, bilingual_home):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.opening_hours = "Senin–Jumat 08.00–16.00 WIB"
    settings.save()

    assert "Senin–Jumat 08.00–16.00 WIB" in _hours(client.get("/en/").content.decode())
