import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from partners.events.choices import EventStatus
from partners.events.models import Event
from partners.events.services import event_save
from tests.factories.events import EventFactory, in_days

pytestmark = pytest.mark.django_db

MAKASSAR = ZoneInfo("Asia/Makassar")


def test_an_end_before_the_start_fails_validation_and_the_database_refuses_it():
    event = EventFactory.build(start=in_days(3, hour=10), end=in_days(3, hour=9))
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()
    constraints = connection.introspection.get_constraints(connection.cursor(), "events_event")
    assert "events_end_after_start" in constraints


def test_uid_and_slug_are_made_once_and_stay():
    event = EventFactory(title="Klub Baca Sehat")
    uid, slug = event.uid, event.slug
    assert uid.startswith("event-") and "@" in uid
    assert slug == "klub-baca-sehat"
    event.title = "Klub Baca Sehat (baru)"
    event_save(event)
    event.refresh_from_db()
    assert (event.uid, event.slug) == (uid, slug)
    assert EventFactory(title="Klub Baca Sehat").slug == "klub-baca-sehat-2"


def test_reserved_slugs_are_avoided():
    assert EventFactory(title="Arsip").slug == "arsip-acara"


def test_sequence_grows_on_changes_that_matter_only():
    event = Event.objects.get(pk=EventFactory().pk)
    assert event.sequence == 0
    event.capacity = 40  # not something a calendar shows
    event_save(event)
    assert event.sequence == 0
    event.start += datetime.timedelta(hours=1)
    event.end += datetime.timedelta(hours=1)
    event_save(event)
    assert Event.objects.get(pk=event.pk).sequence == 1
    event = Event.objects.get(pk=event.pk)
    event.status = EventStatus.CANCELLED
    event_save(event)
    event.refresh_from_db()
    assert event.sequence == 2
    assert event.cancelled_at is not None


def test_a_monthly_series_with_an_exception_skips_that_date():
    start = datetime.datetime(2027, 1, 9, 14, tzinfo=MAKASSAR)  # second Saturday
    event = EventFactory.build(
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Asia/Makassar",
        rrule="FREQ=MONTHLY;BYDAY=2SA;COUNT=6",
        exdates="2027-03-13",
    )
    event.full_clean()
    event_save(event)
    dates = [s.date() for s, _e in event.occurrences()]
    assert len(dates) == 5
    assert datetime.date(2027, 3, 13) not in dates
    assert dates[:2] == [datetime.date(2027, 1, 9), datetime.date(2027, 2, 13)]
    assert all(s.hour == 14 and s.tzinfo == MAKASSAR for s, _e in event.occurrences())
    # The series ends with its sixth date (the last one is 12 June 2027).
    assert event.last_end == datetime.datetime(2027, 6, 12, 16, tzinfo=MAKASSAR)


def test_until_is_normalised_to_utc_and_infinite_series_have_no_last_end():
    start = datetime.datetime(2027, 1, 9, 14, tzinfo=MAKASSAR)
    event = EventFactory.build(
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Asia/Makassar",
        rrule="freq=monthly;byday=2SA;until=20270630",
    )
    event.full_clean()
    assert event.rrule == "FREQ=MONTHLY;BYDAY=2SA;UNTIL=20270630T155959Z"
    event.rrule = "FREQ=WEEKLY"
    event.full_clean()
    event_save(event)
    assert event.last_end is None
    assert Event.objects.upcoming().filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MONTHLY;BYDAY=XX",
        "nonsense",
        "FREQ=DAILY;COUNT=5000",
        "FREQ=DAILY;COUNT=2;UNTIL=20270101",
    ],
)
def test_bad_repeat_rules_are_refused_with_a_message(rule):
    event = EventFactory.build(rrule=rule)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "rrule" in error.value.message_dict


def test_bad_exception_dates_are_refused():
    event = EventFactory.build(rrule="FREQ=WEEKLY;COUNT=3", exdates="2027-02-30")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "exdates" in error.value.message_dict


def test_online_events_need_a_link():
    event = EventFactory.build(mode="online", online_url="")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "online_url" in error.value.message_dict
