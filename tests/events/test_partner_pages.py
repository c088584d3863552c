"""Shared events as a partner's public page and "My institution" show them,
and the member table a phone can read."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from partners.models import Membership
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def test_the_partner_page_gives_each_event_its_date_and_time(client, home):
    partner = InstitutionFactory(name="Poltekkes Banjarmasin", slug="poltekkes")
    start = datetime.datetime(2030, 1, 12, 14, tzinfo=WITA)
    EventFactory(
        title="Klub Baca Sehat",
        partners=[partner],
        time_zone="Asia/Makassar",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    first = datetime.datetime(2029, 3, 9, 9, tzinfo=WITA)
    EventFactory(
        title="Kelas menulis",
        partners=[partner],
        time_zone="Asia/Makassar",
        start=first,
        end=first + datetime.timedelta(hours=1),
        rrule="FREQ=YEARLY;COUNT=3",
    )
    response = client.get(reverse("partners:detail", kwargs={"slug": partner.slug}))
    text = _text(response)
    assert "Klub Baca Sehat · 12 Jan. 2030, 14.00–16.00 WITA" in text
    assert "Kelas menulis · 9 Maret 2029, 09.00–10.00 WITA" in text
    assert '<time datetime="2030-01-12T14:00:00+08:00">' in response.text

    english = _text(client.get("/en" + reverse("partners:detail", kwargs={"slug": "poltekkes"})))
    assert "Klub Baca Sehat · Jan. 12, 2030, 14:00–16:00 WITA" in english


def test_the_member_table_names_every_cell_for_phones(client, home):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    institution = coordinator.institution
    MembershipFactory(institution=institution, user__full_name="Rahmat Hidayat")
    client.force_login(coordinator.user)
    response = client.get(
        reverse("partners:dashboard-institution", kwargs={"slug": institution.slug})
    )
    row = re.search(
        r"<tr>\s*(?:\{#.*?#\}\s*)?(<td[^>]*>Rahmat Hidayat</td>.*?)</tr>", response.text, re.S
    )
    labels = re.findall(r'<td data-label="([^"]+)">', row.group(1))
    assert labels == ["Nama", "Jabatan", "Peran", "Status", "Surel"]
    assert 'class="data-table data-table--stacked"' in response.text
