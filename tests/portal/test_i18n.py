import datetime

import pytest

from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_interface_is_indonesian_by_default(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Langsung ke konten utama" in html


def test_english_interface_under_en_prefix(client, home):
    html = client.get("/en/").content.decode()

    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_english_url_serves_the_english_translation(client, translated_about):
    html = client.get("/en/tentang/").content.decode()

    assert "<h1>About us</h1>" in html
    assert "<h1>Tentang</h1>" in client.get("/tentang/").content.decode()


def test_language_switch_links_to_the_page_translation(client, translated_about):
    html = client.get("/tentang/").content.decode()

    assert '<a href="/en/tentang/" hreflang="en"' in html


def test_language_switch_falls_back_to_home_without_translation(client, home):
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=home, slug="hanya-indonesia")

    html = client.get("/hanya-indonesia/").content.decode()

    assert '<a href="/en/" hreflang="en"' in html


def test_anonymous_switch_redirects_to_other_language(client, translated_about):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/tentang/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/tentang/"


def test_signed_in_switch_is_remembered(client, home):
    user = UserFactory(preferred_language="id")
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})

    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_switch_refuses_off_site_next(client, home):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})

    assert "evil.example" not in response.get("Location", "")


def test_dates_follow_the_reader_language(client, home):
    index = ProgrammeIndexPageFactory(parent=home, slug="program")
    ProgrammePageFactory(parent=index, slug="sehat", start_date=datetime.date(2024, 5, 1))

    indonesian = client.get("/program/sehat/").content.decode()
    english = client.get("/en/program/sehat/").content.decode()

    assert "1 Mei 2024" in indonesian
    assert "1 May 2024" in english


def test_user_time_zone_is_active_for_signed_in_user(client, home, rf):
    from django.utils import timezone

    from portal.middleware import UserTimezoneMiddleware

    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    request = rf.get("/")
    request.user = UserFactory(time_zone="Asia/Jayapura")
    UserTimezoneMiddleware(view)(request)

    assert seen["zone"] == "Asia/Jayapura"
