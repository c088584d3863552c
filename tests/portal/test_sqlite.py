"""The embedded SQLite default holds a person clicking around (issue 11, defect 4)."""

import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import NewsPerson
from tests.factories import StandardPageFactory, UserFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.portal import TEST_PASSWORD

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="about the SQLite default",
)


def _writes(queries):
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


@sqlite_only
def test_sqlite_default_waits_for_the_lock_and_begins_immediate():
    options = settings.DATABASES["default"]["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert 5 <= options["timeout"] <= 20
    assert "journal_mode=WAL" in options["init_command"]


@sqlite_only
@pytest.mark.django_db
def test_sqlite_connection_runs_in_wal_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (mode,) = cursor.fetchone()

    assert mode.lower() == "wal"


@pytest.fixture
def reader_pages(home):
    StandardPageFactory(parent=home, title="Tentang", slug="tentang", show_in_menus=True)
    index = NewsIndexPageFactory(parent=home)
    NewsPageFactory(parent=index, slug="kabar", writers=[NewsPerson.objects.create(name="A")])
    return ["/", "/tentang/", "/berita/", "/berita/kabar/", "/search/?query=kabar", "/acara/"]


@pytest.mark.django_db
def test_signed_in_reading_writes_nothing_to_the_database(client, reader_pages):
    user = UserFactory(email="pembaca@example.org")
    assert client.login(email=user.email, password=TEST_PASSWORD)
    client.get("/")  # the first request after signing in notes the time once

    with CaptureQueriesContext(connection) as captured:
        for url in reader_pages * 2:
            response = client.get(url)
            assert response.status_code == 200, url

    assert _writes(captured.captured_queries) == []


@pytest.mark.django_db
def test_signed_in_activity_is_still_recorded_once_a_minute(client, reader_pages, time_machine):
    from allauth.usersessions.models import UserSession

    user = UserFactory(email="pembaca@example.org")
    time_machine.move_to(timezone.now(), tick=False)
    assert client.login(email=user.email, password=TEST_PASSWORD)
    client.get("/")
    first_seen = UserSession.objects.get(user=user).last_seen_at

    time_machine.shift(30)
    client.get("/berita/")
    assert UserSession.objects.get(user=user).last_seen_at == first_seen

    time_machine.shift(61)
    client.get("/berita/")
    assert UserSession.objects.get(user=user).last_seen_at > first_seen


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_holds_concurrent_signed_in_readers_and_writers(reader_pages):
    users = [UserFactory(email=f"orang{n}@example.org") for n in range(6)]
    errors = []
    start = threading.Barrier(len(users))

    def person(user, index):
        client = Client()
        try:
            client.login(email=user.email, password=TEST_PASSWORD)
            start.wait()
            for round_ in range(8):
                for url in reader_pages[:3]:
                    response = client.get(url)
                    if response.status_code != 200:
                        errors.append(f"{url} answered {response.status_code}")
                # A few writes among the reads: a preference change and the
                # language switch, as a person clicking around would.
                if round_ % 3 == index % 3:
                    client.post(
                        "/i18n/setlang/",
                        {"language": "en" if round_ % 2 else "id", "next": "/"},
                    )
                    user.__class__.objects.filter(pk=user.pk).update(
                        full_name=f"Orang {index} {round_}"
                    )
        except OperationalError as error:  # "database is locked"
            errors.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(u, i)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
