"""Calendar details apps rely on: a reminder (VALARM) in the files people
download or get by e-mail but not in subscribed feeds, and feeds that name
and describe themselves and say how often to refresh."""

import datetime

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse

from partners.events import registration as registration_services
from partners.events.models import RegistrationSetup
from partners.events.services import event_date_change
from tests.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


def _alarms(body):
    return [
        (vevent, alarm)
        for vevent in icalendar.Calendar.from_ical(body).walk("VEVENT")
        for alarm in vevent.walk("VALARM")
    ]


def test_the_event_file_reminds_an_hour_before_by_default(client):
    event = EventFactory(title="Lokakarya literasi kesehatan", slug="lokakarya")
    body = client.get("/acara/lokakarya.ics").content
    [(vevent, alarm)] = _alarms(body)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == -datetime.timedelta(hours=1)
    assert str(alarm["DESCRIPTION"]) == "Pengingat: Lokakarya literasi kesehatan"
    assert b"TRIGGER:-PT1H" in body
    vcal = vobject.readOne(body.decode())
    assert vcal.vevent.valarm.trigger.value == -datetime.timedelta(hours=1)
    english = client.get("/en/acara/lokakarya.ics").content
    [(_vevent, alarm)] = _alarms(english)
    assert str(alarm["DESCRIPTION"]) == "Reminder: Lokakarya literasi kesehatan"
    assert event.uid == str(vevent["UID"])


def test_the_lead_time_is_a_setting_and_zero_leaves_the_reminder_out(client, settings):
    EventFactory(slug="lokakarya")
    settings.EVENTS_ALARM_MINUTES = 24 * 60
    first = client.get("/acara/lokakarya.ics")
    [(_vevent, alarm)] = _alarms(first.content)
    assert alarm["TRIGGER"].dt == -datetime.timedelta(days=1)
    settings.EVENTS_ALARM_MINUTES = 0
    second = client.get("/acara/lokakarya.ics")
    assert b"BEGIN:VALARM" not in second.content
    # The file changed: so did its ETag (a 304 would keep the old reminder).
    assert first["ETag"] != second["ETag"]


def test_every_date_of_a_series_with_a_moved_date_keeps_the_reminder(client):
    start = datetime.datetime(2027, 1, 9, 14, tzinfo=datetime.UTC)
    event = EventFactory(
        title="Klub baca",
        slug="klub",
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    event_date_change(event, occurrence_date=datetime.date(2027, 1, 16), note="Di aula")
    alarms = _alarms(client.get("/acara/klub.ics").content)
    assert [str(alarm["DESCRIPTION"]) for _vevent, alarm in alarms] == [
        "Pengingat: Klub baca",
        "Pengingat: Klub baca (Di aula)",
    ]
    assert "RECURRENCE-ID" in alarms[1][0]


def test_registration_e_mails_carry_the_reminder(django_capture_on_commit_callbacks):
    setup = RegistrationSetup.objects.create(event=EventFactory(title="Kelas menulis"), capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        registration_services.register_user(setup=setup, user=UserFactory())
    [message] = mail.outbox
    [(_vevent, alarm)] = _alarms(message.attachments[0][1])
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == -datetime.timedelta(hours=1)


FEEDS = ["all", "partner", "programme", "kind"]


@pytest.fixture
def feed_paths(home):
    partner = InstitutionFactory(name="Poltekes Banjarmasin", slug="poltekes")
    programme = ProgrammePageFactory(
        parent=ProgrammeIndexPageFactory(parent=home), title="Literasi Kesehatan"
    )
    EventFactory(partners=[partner], programme=programme, kind="workshop")
    return {
        "all": reverse("events:feed"),
        "partner": reverse("events:feed-partner", kwargs={"value": "poltekes"}),
        "programme": reverse("events:feed-programme", kwargs={"value": programme.pk}),
        "kind": reverse("events:feed-kind", kwargs={"value": "workshop"}),
    }


@pytest.mark.parametrize("feed", FEEDS)
def test_public_feeds_name_and_describe_themselves_in_their_language(client, feed_paths, feed):
    indonesian = client.get(feed_paths[feed]).content
    english = client.get("/en" + feed_paths[feed]).content
    for body in (indonesian, english):
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
        assert b"X-PUBLISHED-TTL:PT1H\r\n" in body
        # No reminders in what people subscribe to: calendar apps strip
        # them or keep the reader's own defaults.
        assert b"BEGIN:VALARM" not in body
    calendar_id = vobject.readOne(indonesian.decode())
    calendar_en = vobject.readOne(english.decode())
    assert calendar_id.x_wr_caldesc.value and calendar_en.x_wr_caldesc.value
    assert calendar_id.x_wr_caldesc.value != calendar_en.x_wr_caldesc.value
    assert calendar_id.description.value == calendar_id.x_wr_caldesc.value
    described = {
        "all": ("Acara literasi yang diselenggarakan", "Literacy events the host library runs"),
        "partner": ("bersama Poltekes Banjarmasin", "with Poltekes Banjarmasin"),
        "programme": ("Acara program “Literasi Kesehatan”", "programme “Literasi Kesehatan”"),
        "kind": ("Acara literasi bersama dengan satu jenis", "Shared literacy events of one kind"),
    }[feed]
    assert described[0] in calendar_id.x_wr_caldesc.value
    assert described[1] in calendar_en.x_wr_caldesc.value
    assert calendar_id.x_wr_calname.value != calendar_en.x_wr_calname.value


def test_the_private_feed_describes_itself(client, home):
    from partners.events.services import calendar_token_issue
    from tests.factories.partners import MembershipFactory

    membership = MembershipFactory()
    EventFactory(partners=[membership.institution], is_public=False)
    token = calendar_token_issue(user=membership.user)
    body = client.get(reverse("events:private-feed", args=[token])).content
    calendar = vobject.readOne(body.decode())
    assert "Tautan ini pribadi" in calendar.x_wr_caldesc.value
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert b"BEGIN:VALARM" not in body
