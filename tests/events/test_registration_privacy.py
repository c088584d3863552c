"""Registrations are personal data: download, account deletion, retention."""

import datetime

import pytest
from django.utils import timezone

from partners.events import registration as services
from partners.events.models import Registration, RegistrationSetup
from partners.events.services import event_save
from portal import extensions
from tests.factories import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def _setup(seats=1, **event):
    return RegistrationSetup.objects.create(event=EventFactory(**event), capacity=seats)


def test_the_download_holds_only_the_users_own_registrations():
    setup = _setup(seats=5, title="Kelas puisi")
    me, other = UserFactory(), UserFactory()
    services.register_user(setup=setup, user=me, answers={"accessibility": "kursi roda"})
    services.register_user(setup=setup, user=other)
    data = extensions.personal_data(user=me)["events_registrations"]
    assert [(item["event"], item["email"]) for item in data] == [("Kelas puisi", me.email)]


def test_deleting_the_account_frees_the_seat_and_strips_the_registration():
    setup = _setup(seats=1)
    me, waiting = UserFactory(), UserFactory()
    mine, _ = services.register_user(setup=setup, user=me)
    services.register_user(setup=setup, user=waiting)
    extensions.erase_personal_data(user=me)
    mine.refresh_from_db()
    assert (mine.user, mine.name, mine.status) == (None, "", "cancelled")
    assert me.email not in mine.email
    assert Registration.objects.get(user=waiting).status == "confirmed"


def _counts(result):
    return {key: value for key, value in result.items() if "registrations" in key}


def test_retention_anonymises_registrations_of_long_past_events_once():
    old_event = EventFactory(title="Dulu")
    long_ago = timezone.now() - datetime.timedelta(days=800)
    old_event.start, old_event.end = long_ago, long_ago + datetime.timedelta(hours=2)
    event_save(old_event)
    old_setup = RegistrationSetup.objects.create(event=old_event, capacity=5)
    Registration.objects.create(
        setup=old_setup, name="Lama", email="lama@example.org", status="confirmed"
    )
    recent = _setup(seats=5)
    services.register_user(setup=recent, user=UserFactory())
    cutoff = timezone.now() - datetime.timedelta(days=730)
    assert list(_counts(extensions.retention_purge(cutoff=cutoff, dry_run=True)).values()) == [1]
    assert Registration.objects.filter(name="Lama").exists()
    assert list(_counts(extensions.retention_purge(cutoff=cutoff, dry_run=False)).values()) == [1]
    assert list(_counts(extensions.retention_purge(cutoff=cutoff, dry_run=False)).values()) == [0]
    kept = Registration.objects.get(setup=old_setup)
    assert (kept.name, kept.status) == ("", "confirmed")
    assert Registration.objects.filter(setup=recent).exclude(name="").count() == 1
