import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from portal.models import HomePage, ProgrammePage, User

pytestmark = pytest.mark.django_db


def test_demo_data_builds_both_language_trees_and_accounts(settings, capsys):
    settings.DEBUG = True

    call_command("load_demo_data")

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.title == "Beranda"
    assert HomePage.objects.filter(locale__language_code="en").get().title == "Home"
    programme = ProgrammePage.objects.get(locale__language_code="id")
    assert "Poltekes Banjarmasin" in programme.title
    assert User.objects.filter(groups__name="Writers", email__startswith="mzakyrakhmat").exists()
    output = capsys.readouterr().out
    assert "pustaka-demo-2024" in output
    assert "admin@openlibrary.example" in output


def test_demo_data_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    counts = (Page.objects.count(), User.objects.count())

    call_command("load_demo_data")

    assert (Page.objects.count(), User.objects.count()) == counts


def test_demo_data_pages_render(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")

    for url in ["/", "/en/", "/tentang/", "/en/tentang/", "/program-literasi/literasi-kesehatan/"]:
        assert client.get(url).status_code == 200, url


def test_demo_data_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_data")
