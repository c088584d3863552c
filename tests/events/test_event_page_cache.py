"""A cached event page never shows a stale registration state: it is kept
only until registration opens or closes by the clock (or the next date of a
series is over), and a seat taken or given back flushes it."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from partners.events import registration as services
from partners.events.models import RegistrationSetup
from tests.factories import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2027, 3, 1, 3, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _event(**setup):
    event = EventFactory(
        title="Kelas menulis",
        slug="kelas-menulis",
        start=NOW + datetime.timedelta(days=3),
        end=NOW + datetime.timedelta(days=3, hours=2),
    )
    RegistrationSetup.objects.create(event=event, capacity=2, **setup)
    return event


def test_a_page_cached_before_the_closing_time_shows_closed_after_it(client, home):
    closes = NOW + datetime.timedelta(minutes=5)  # within the cache's own 10 minutes
    _event(closes_at=closes)
    with time_machine.travel(NOW, tick=False):
        first = client.get("/acara/kelas-menulis/")
        assert first["X-Page-Cache"] == "miss"
        assert "Daftar untuk acara ini" in first.text
        assert client.get("/acara/kelas-menulis/")["X-Page-Cache"] == "hit"
    with time_machine.travel(closes - datetime.timedelta(seconds=1), tick=False):
        assert client.get("/acara/kelas-menulis/")["X-Page-Cache"] == "hit"
    with time_machine.travel(closes + datetime.timedelta(seconds=1), tick=False):
        after = client.get("/acara/kelas-menulis/")
        assert after["X-Page-Cache"] == "miss"
        assert "Pendaftaran ditutup." in after.text
        assert "Daftar untuk acara ini" not in after.text


def test_a_page_cached_before_the_opening_time_shows_open_after_it(client, home):
    opens = NOW + datetime.timedelta(minutes=5)
    _event(opens_at=opens)
    with time_machine.travel(NOW, tick=False):
        before = client.get("/acara/kelas-menulis/")
        assert "Pendaftaran dibuka pada" in before.text
        assert "Daftar untuk acara ini" not in before.text
        assert client.get("/acara/kelas-menulis/")["X-Page-Cache"] == "hit"
    with time_machine.travel(opens, tick=False):
        after = client.get("/acara/kelas-menulis/")
        assert after["X-Page-Cache"] == "miss"
        assert "Daftar untuk acara ini" in after.text


def test_without_registration_closing_by_itself_the_event_start_closes_it(client, home):
    event = _event()
    with time_machine.travel(NOW, tick=False):
        assert "Daftar untuk acara ini" in client.get("/acara/kelas-menulis/").text
    with time_machine.travel(event.start, tick=False):
        assert "Pendaftaran ditutup." in client.get("/acara/kelas-menulis/").text


def test_seats_left_follow_sign_ups_but_not_check_ins(
    client, home, django_capture_on_commit_callbacks
):
    event = _event()
    setup = event.registration_setup
    with time_machine.travel(NOW, tick=True):
        assert "Sisa 2 kursi." in client.get("/acara/kelas-menulis/").text
        with django_capture_on_commit_callbacks(execute=True):
            first, _created = services.register_user(setup=setup, user=UserFactory())
        page = client.get("/acara/kelas-menulis/")
        assert page["X-Page-Cache"] == "miss"
        assert "Sisa 1 kursi." in page.text
        with django_capture_on_commit_callbacks(execute=True):
            services.register_user(setup=setup, user=UserFactory())
        full = client.get("/acara/kelas-menulis/")
        assert "Semua kursi sudah terisi" in full.text
        assert client.get("/acara/kelas-menulis/")["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            services.check_in(first)
        assert client.get("/acara/kelas-menulis/")["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(first)
        assert "Sisa 1 kursi." in client.get("/acara/kelas-menulis/").text


def test_the_next_date_of_a_series_moves_on_when_it_is_over(client, home):
    start = NOW + datetime.timedelta(hours=1)
    EventFactory(
        slug="klub",
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    with time_machine.travel(NOW, tick=False):
        before = client.get("/acara/klub/")
        assert before.context["start"] == start
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=1), tick=False):
        after = client.get("/acara/klub/")
        assert after["X-Page-Cache"] == "miss"
        assert after.context["start"] == start + datetime.timedelta(days=7)


def test_other_pages_do_not_depend_on_seats(client, home, django_capture_on_commit_callbacks):
    event = _event()
    with time_machine.travel(NOW, tick=True):
        client.get("/acara/")
        assert client.get("/acara/")["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            services.register_user(setup=event.registration_setup, user=UserFactory())
        assert client.get("/acara/")["X-Page-Cache"] == "hit"
