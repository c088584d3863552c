"""The services of shared events: event_save, event_cancel and
calendar_token_issue, and the admin's create and edit views going through
event_save."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from partners.events import selectors
from partners.events.choices import EventStatus
from partners.events.models import CalendarToken, Event
from partners.events.services import calendar_token_issue, event_cancel, event_save
from tests.factories import UserFactory
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

from .test_admin import _form_data

pytestmark = pytest.mark.django_db


def _writes(queries):
    """The INSERTs and UPDATEs of the events table among ``queries``."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith(("INSERT", "UPDATE")) and '"events_event" ' in query["sql"]
    ]


def _stored_vevent(event, language="id"):
    text = f"BEGIN:VCALENDAR\r\n{event.ical_cache[language]}END:VCALENDAR\r\n"
    (vevent,) = Calendar.from_ical(text).walk("VEVENT")
    return vevent


def test_a_new_event_is_written_once_with_everything_it_derives():
    event = EventFactory.build(title="Klub Baca Sehat", rrule="FREQ=WEEKLY;COUNT=3")
    with CaptureQueriesContext(connection) as captured:
        event_save(event)
    (write,) = _writes(captured.captured_queries)
    assert write.startswith("INSERT")
    stored = Event.objects.get(pk=event.pk)
    assert stored.slug == "klub-baca-sehat"
    assert stored.uid.startswith("event-") and "@" in stored.uid
    assert stored.last_end == event.start + datetime.timedelta(weeks=2, hours=2)
    assert stored.ical_cache == event.ical_cache
    assert "SUMMARY:Klub Baca Sehat" in stored.ical_cache["id"]
    # The stored VEVENT and the row agree on the last change, to the second
    # LAST-MODIFIED holds (and the row has the very instant it was made with).
    assert _stored_vevent(stored)["LAST-MODIFIED"].dt == stored.updated_at.replace(microsecond=0)


def test_a_change_is_one_update_with_a_new_sequence_and_stored_vevent():
    event = Event.objects.get(pk=EventFactory(title="Lama").pk)
    event.title = "Baru"
    with CaptureQueriesContext(connection) as captured:
        event_save(event)
    (write,) = _writes(captured.captured_queries)
    assert write.startswith("UPDATE")
    stored = Event.objects.get(pk=event.pk)
    assert stored.sequence == 1
    vevent = _stored_vevent(stored)
    assert str(vevent["SUMMARY"]) == "Baru"
    assert vevent["SEQUENCE"] == 1


def test_a_change_subscribers_do_not_see_keeps_the_sequence():
    event = EventFactory()
    event.capacity = 40
    event_save(event)
    event.refresh_from_db()
    assert event.sequence == 0


def test_update_fields_are_written_with_what_a_save_derives():
    event = Event.objects.get(pk=EventFactory().pk)
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    event_save(event, update_fields=["start", "end"])
    stored = Event.objects.get(pk=event.pk)
    assert (stored.start, stored.last_end, stored.sequence) == (event.start, event.end, 1)
    assert stored.ical_cache == event.ical_cache


def test_cancelling_marks_the_event_and_raises_its_sequence(client, home):
    event = EventFactory(title="Pameran")
    with CaptureQueriesContext(connection) as captured:
        event_cancel(event)
    assert len(_writes(captured.captured_queries)) == 1
    stored = Event.objects.get(pk=event.pk)
    assert stored.status == EventStatus.CANCELLED
    assert stored.cancelled_at is not None
    assert stored.sequence == 1
    assert _stored_vevent(stored)["STATUS"] == "CANCELLED"
    # Still in the feed, marked cancelled, so subscribed calendars drop it.
    feed = Calendar.from_ical(client.get(reverse("events:feed")).content)
    (vevent,) = feed.walk("VEVENT")
    assert (str(vevent["UID"]), vevent["STATUS"]) == (event.uid, "CANCELLED")


def test_rescheduling_a_cancelled_event_clears_its_cancellation():
    event = event_cancel(EventFactory())
    event.status = EventStatus.SCHEDULED
    event_save(event)
    event.refresh_from_db()
    assert event.cancelled_at is None and event.sequence == 2


def test_a_calendar_token_is_issued_once_and_replaces_the_previous_one():
    user = UserFactory()
    first = calendar_token_issue(user=user)
    assert len(first) == CalendarToken.TOKEN_LENGTH
    assert selectors.calendar_token_user(first) == user
    second = calendar_token_issue(user=user)
    assert second != first
    assert selectors.calendar_token_user(first) is None
    assert selectors.calendar_token_user(second) == user
    (stored,) = CalendarToken.objects.filter(user=user)
    assert stored.token_hash == CalendarToken.hash(second) and second not in stored.token_hash


def test_a_token_of_an_inactive_user_or_the_wrong_shape_finds_nobody():
    user = UserFactory()
    token = calendar_token_issue(user=user)
    assert selectors.calendar_token_user(token[:-1]) is None
    assert selectors.calendar_token_user("x" * CalendarToken.TOKEN_LENGTH) is None
    user.is_active = False
    user.save()
    assert selectors.calendar_token_user(token) is None


def test_the_admin_creates_and_edits_through_event_save(client, home):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Cooperation staff")]))
    partner = InstitutionFactory()
    data = _form_data(partners=[partner.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("shared_events:add"), data)
    assert response.status_code == 302
    assert [sql.split()[0] for sql in _writes(captured.captured_queries)] == ["INSERT"]
    event = Event.objects.get()
    assert event.uid and event.slug == "klub-baca-sehat"
    assert "SUMMARY:Klub Baca Sehat" in event.ical_cache["id"]
    assert list(event.partners.all()) == [partner]

    data.update(title="Klub Baca Sehat Bulanan", start="2027-01-09 15:00", end="2027-01-09 17:00")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("shared_events:edit", args=[event.pk]), data)
    assert response.status_code == 302
    assert [sql.split()[0] for sql in _writes(captured.captured_queries)] == ["UPDATE"]
    event.refresh_from_db()
    assert event.sequence == 1
    assert "SUMMARY:Klub Baca Sehat Bulanan" in event.ical_cache["id"]
