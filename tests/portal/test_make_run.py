"""`PORT=8001 make run` serves on that port, with every absolute link on it,
and ends with the demo accounts (issue 11, defect 13)."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Site

from portal.demo.site import DEMO_USERS
from portal.management.commands.runserver import Command as Runserver
from tests.factories import StandardPageFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_serves_on_port_and_links_follow_it():
    env = {key: value for key, value in os.environ.items() if key not in ("PORT", "MAKEFLAGS")}
    env.pop("DJANGO_BASE_URL", None)

    commands = subprocess.run(
        [shutil.which("make"), "-n", "run", "PORT=8001"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    served = [line for line in commands if re.search(r"load_demo_data|sync_site|runserver", line)]

    assert served[-1].endswith("manage.py runserver 127.0.0.1:8001")
    assert [line.split(" ", 1)[0] for line in served] == [
        "DJANGO_BASE_URL=${DJANGO_BASE_URL:-http://127.0.0.1:8001}"
    ] * 3
    base_url = subprocess.run(
        ["/bin/sh", "-c", served[-1].split(" ", 1)[0] + ' && echo "$DJANGO_BASE_URL"'],
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    assert base_url == "http://127.0.0.1:8001"


@pytest.mark.django_db
def test_calendar_links_follow_the_base_url_make_run_sets(client, home, settings):
    settings.BASE_URL = "http://127.0.0.1:8001"

    html = client.get("/acara/", HTTP_HOST="127.0.0.1:8001").content.decode()

    assert 'href="webcal://127.0.0.1:8001/acara/feed.ics"' in html
    assert "127.0.0.1:8000" not in html


@pytest.mark.django_db
def test_sync_site_address_points_the_site_at_the_base_url(home, settings):
    settings.BASE_URL = "http://127.0.0.1:8001"
    about = StandardPageFactory(parent=home, slug="tentang")
    out = io.StringIO()

    call_command("sync_site_address", stdout=out)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8001)
    assert about.get_full_url() == "http://127.0.0.1:8001/tentang/"
    assert out.getvalue() == "The site answers at http://127.0.0.1:8001/\n"


@pytest.mark.django_db
def test_dev_server_lists_the_demo_accounts_last(settings):
    settings.DEBUG = True
    for email, *_rest in DEMO_USERS:
        UserFactory(email=email)
    out = io.StringIO()
    server = Runserver(stdout=out)
    server.addr, server._raw_ipv6, server.protocol = "127.0.0.1", False, "http"

    server.on_bind(8001)

    lines = out.getvalue().rstrip("\n").splitlines()
    assert "Starting development server at http://127.0.0.1:8001/" in lines
    assert lines[-len(DEMO_USERS) - 1].startswith("Demo accounts (local use only)")
    assert [re.split(r"\s{2,}", line.strip())[-1] for line in lines[-len(DEMO_USERS) :]] == [
        email for email, *_rest in DEMO_USERS
    ]
