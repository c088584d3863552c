import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.events import EventFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_upcoming_list_shows_future_events_only(client, home):
    EventFactory(title="Lokakarya Literasi Kesehatan")
    EventFactory(title="Acara Lama", start=in_days(-10), end=in_days(-10, hour=11))
    response = client.get(reverse("events:event-list"))
    assert response.status_code == 200
    assert "Lokakarya Literasi Kesehatan" in response.text
    assert "Acara Lama" not in response.text
    archive = client.get(reverse("events:event-archive"))
    assert "Acara Lama" in archive.text
    assert "Lokakarya Literasi Kesehatan" not in archive.text


def test_detail_shows_the_time_in_the_events_zone_and_the_readers(client, home):
    event = EventFactory(
        title="Klub Baca Banjarmasin",
        time_zone="Asia/Makassar",
        start=datetime.datetime(2030, 1, 12, 6, tzinfo=datetime.UTC),  # 14:00 WITA
        end=datetime.datetime(2030, 1, 12, 8, tzinfo=datetime.UTC),
    )
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.text)
    assert "waktu kegiatan, WITA" in text
    assert "14.00–16.00 WITA" in text
    assert "Waktu Anda (WIB)" in text
    assert "13.00–15.00 WIB" in text
