"""One date of a series moved, changed or cancelled: checked like the admin
checks it, exported as a RECURRENCE-ID override that icalendar, vobject and
recurring-ical-events read, and shown at its new time on the pages."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import time_machine
import vobject
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners.events.models import Event, OccurrenceChange
from partners.events.services import event_date_change, event_save
from tests.events.test_admin import _form_data
from tests.factories import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
UTC = datetime.UTC
D = datetime.date
T = datetime.time
# The second Saturday of each month, 14:00–16:00 WITA: 9 Jan, 13 Feb,
# 13 Mar, 10 Apr, 8 May, 12 Jun 2027.
FIRST = datetime.datetime(2027, 1, 9, 14, tzinfo=WITA)


@pytest.fixture
def club():
    return EventFactory(
        title="Klub Baca Sehat",
        slug="klub-baca-sehat",
        time_zone="Asia/Makassar",
        start=FIRST,
        end=FIRST + datetime.timedelta(hours=2),
        rrule="FREQ=MONTHLY;BYDAY=2SA;COUNT=6",
        venue="Perpustakaan Poltekes Banjarmasin",
    )


def _ics(client, event, path_prefix=""):
    response = client.get(f"{path_prefix}/acara/{event.slug}.ics")
    assert response.status_code == 200
    return response.content


def _vevents(body):
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def test_a_moved_date_is_an_override_with_the_series_uid_and_recurrence_id(client, club):
    before = club.sequence
    event_date_change(
        club,
        occurrence_date=D(2027, 2, 13),
        new_date=D(2027, 2, 14),
        new_start_time=T(9),
        new_end_time=T(11),
        venue="Aula Poltekes",
        note="Dipindah karena Imlek",
    )
    event_date_change(club, occurrence_date=D(2027, 4, 10), is_cancelled=True)
    club.refresh_from_db()
    assert club.sequence == before + 2

    body = _ics(client, club)
    master, override = _vevents(body)
    assert str(override["UID"]) == str(master["UID"]) == club.uid
    assert b"RECURRENCE-ID;TZID=Asia/Makassar:20270213T140000" in body
    assert b"DTSTART;TZID=Asia/Makassar:20270214T090000" in body
    assert override["SEQUENCE"] == master["SEQUENCE"] == club.sequence
    assert str(override["SUMMARY"]) == "Klub Baca Sehat (Dipindah karena Imlek)"
    assert str(override["LOCATION"]) == "Aula Poltekes"
    # The cancelled date: an EXDATE of the rule (no override for it).
    assert b"EXDATE;TZID=Asia/Makassar:20270410T140000" in body
    assert b"20270410T140000" not in body.split(b"RECURRENCE-ID")[1]

    # recurring-ical-events expands the series with the moved date.
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
        D(2027, 1, 1), D(2028, 1, 1)
    )
    starts = [event.start.astimezone(WITA) for event in expanded]
    assert datetime.datetime(2027, 2, 14, 9, tzinfo=WITA) in starts
    assert datetime.datetime(2027, 2, 13, 14, tzinfo=WITA) not in starts
    assert datetime.date(2027, 4, 10) not in [start.date() for start in starts]
    assert len(starts) == 5
    moved = next(event for event in expanded if event.start.date() == D(2027, 2, 14))
    assert str(moved["LOCATION"]) == "Aula Poltekes"

    # vobject reads both VEVENTs, the override with its RECURRENCE-ID.
    vcal = vobject.readOne(body.decode())
    vevents = vcal.vevent_list
    assert len(vevents) == 2
    assert vevents[1].recurrence_id.value == datetime.datetime(2027, 2, 13, 14, tzinfo=WITA)
    assert vevents[1].dtstart.value.astimezone(UTC) == datetime.datetime(2027, 2, 14, 1, tzinfo=UTC)

    # Our own pages agree.
    assert [start for start, _end in club.occurrences()] == starts


def test_the_feeds_carry_the_override_too(client, club):
    event_date_change(club, occurrence_date=D(2027, 3, 13), new_start_time=T(15))
    feed = client.get("/acara/feed.ics").content
    assert feed.count(b"UID:" + club.uid.encode()) == 2
    assert b"RECURRENCE-ID;TZID=Asia/Makassar:20270313T140000" in feed
    assert b"DTSTART;TZID=Asia/Makassar:20270313T150000" in feed
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(feed)).between(
        D(2027, 3, 1), D(2027, 4, 1)
    )
    assert [event.start.astimezone(WITA).hour for event in expanded] == [15]


def test_an_all_day_series_gets_date_recurrence_ids(client):
    start = datetime.datetime(2027, 1, 4, tzinfo=WITA)
    event = EventFactory(
        time_zone="Asia/Makassar",
        all_day=True,
        start=start,
        end=start + datetime.timedelta(days=1),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    event_date_change(event, occurrence_date=D(2027, 1, 11), new_date=D(2027, 1, 12))
    body = _ics(client, event)
    assert b"RECURRENCE-ID;VALUE=DATE:20270111" in body
    assert b"DTSTART;VALUE=DATE:20270112" in body
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
        D(2027, 1, 1), D(2027, 2, 1)
    )
    assert sorted(e.start for e in expanded) == [
        D(2027, 1, 4),
        D(2027, 1, 12),
        D(2027, 1, 18),
        D(2027, 1, 25),
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"occurrence_date": D(2027, 2, 14)}, "is not a date of this series"),
        ({"occurrence_date": D(2027, 2, 13)}, "Say what changes on this date"),
        (
            {"occurrence_date": D(2027, 2, 13), "new_start_time": T(17), "new_end_time": T(16)},
            "The end must be after the start.",
        ),
        (
            {"occurrence_date": D(2027, 2, 13), "new_date": D(2027, 3, 13)},
            "The series already has a date then",
        ),
        (
            {"occurrence_date": D(2027, 2, 13), "new_date": D(2027, 1, 9), "new_start_time": T(15)},
            "The series already has a date then",
        ),
        (
            {"occurrence_date": D(2027, 2, 13), "new_date": D(2027, 1, 2)},
            "cannot move before the first date",
        ),
        (
            {"occurrence_date": D(2027, 2, 13), "new_date": D(2027, 2, 14), "is_cancelled": True},
            "cannot be moved as well",
        ),
    ],
)
def test_a_change_that_makes_no_sense_is_refused_with_a_message(club, values, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        event_date_change(club, **values)
    assert any(message in text for text in raised.value.messages), raised.value.messages
    assert not OccurrenceChange.objects.exists()


def test_a_one_off_event_has_no_dates_to_change():
    event = EventFactory()
    with pytest.raises(ValidationError) as raised:
        event_date_change(event, occurrence_date=event.local_start.date(), note="x")
    assert raised.value.messages == [
        "Hanya rangkaian yang punya tanggal untuk diubah: beri acara ini aturan pengulangan dahulu."
    ]


def test_moving_past_the_last_date_extends_the_series(club):
    event_date_change(club, occurrence_date=D(2027, 6, 12), new_date=D(2027, 6, 19))
    club.refresh_from_db()
    assert club.last_end == datetime.datetime(2027, 6, 19, 16, tzinfo=WITA)


def test_a_new_rule_leaves_a_change_of_a_date_it_no_longer_has_unused(club):
    event_date_change(club, occurrence_date=D(2027, 2, 13), new_start_time=T(15))
    club.rrule = "FREQ=MONTHLY;BYDAY=1SA;COUNT=6"
    club.start = datetime.datetime(2027, 1, 2, 14, tzinfo=WITA)
    club.end = club.start + datetime.timedelta(hours=2)
    event_save(club)
    assert club.date_changes == {}
    assert OccurrenceChange.objects.count() == 1  # kept for the editor


# -- the admin --------------------------------------------------------------------


@pytest.fixture
def staff_client(client, home):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Editors")]))
    return client


def _edit_data(event, *changes, initial=0):
    data = _form_data(
        title=event.title,
        slug=event.slug,
        start="2027-01-09 14:00",
        end="2027-01-09 16:00",
        rrule=event.rrule,
        venue=event.venue,
    )
    data.update(
        {
            "occurrence_changes-TOTAL_FORMS": str(len(changes)),
            "occurrence_changes-INITIAL_FORMS": str(initial),
        }
    )
    fields = ["id", "occurrence_date", "new_date", "new_start_time", "new_end_time"]
    fields += ["venue", "address", "note", "is_cancelled", "DELETE"]
    for index, change in enumerate(changes):
        for name in fields:
            value = change.get(name, "")
            if value is True:
                value = "on"
            if value not in ("", False, None):
                data[f"occurrence_changes-{index}-{name}"] = value
    return data


def test_an_editor_moves_one_date_on_the_event_screen(staff_client, club):
    url = reverse("shared_events:edit", args=[club.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "Perubahan tanggal tunggal" in page.text
    response = staff_client.post(
        url,
        _edit_data(
            club,
            {
                "occurrence_date": "2027-03-13",
                "new_date": "2027-03-14",
                "new_start_time": "10:00",
                "note": "Dipindah karena Nyepi",
            },
        ),
    )
    assert response.status_code == 302, (
        response.context["form"].formsets["occurrence_changes"].errors
    )
    club.refresh_from_db()
    assert club.sequence == 1
    assert club.date_changes["2027-03-13"]["start"] == "2027-03-14T10:00:00"
    assert "RECURRENCE-ID;TZID=Asia/Makassar:20270313T140000" in club.ical_cache["id"]

    # Edited again: the change can be undone by deleting it.
    change = club.occurrence_changes.get()
    response = staff_client.post(
        url,
        _edit_data(
            club,
            {"id": str(change.pk), "occurrence_date": "2027-03-13", "DELETE": True},
            initial=1,
        ),
    )
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.date_changes == {} and club.sequence == 2
    assert not OccurrenceChange.objects.exists()


def test_the_admin_shows_a_collision_on_the_change_and_keeps_what_was_typed(staff_client, club):
    url = reverse("shared_events:edit", args=[club.pk])
    response = staff_client.post(
        url,
        _edit_data(
            club,
            {"occurrence_date": "2027-02-13", "new_date": "2027-03-13", "note": "Bentrok"},
            {"occurrence_date": "2027-02-14", "note": "Bukan tanggalnya"},
        ),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Rangkaian ini sudah punya jadwal pada waktu itu" in text
    assert "bukan tanggal rangkaian ini" in text
    assert 'value="Bentrok"' in text and 'value="Bukan tanggalnya"' in text
    assert not OccurrenceChange.objects.exists()
    assert Event.objects.get().sequence == 0


# -- the pages --------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2027, 1, 20, 8, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("prefix", "moved", "cancelled", "instead"),
    [
        ("", "Dipindah", "Dibatalkan", "(semula 13 Feb. 2027)"),
        ("/en", "Moved", "Cancelled", "(instead of "),
    ],
)
def test_the_event_page_shows_the_moved_date_at_its_new_time(
    client, home, club, prefix, moved, cancelled, instead
):
    event_date_change(
        club,
        occurrence_date=D(2027, 2, 13),
        new_date=D(2027, 2, 14),
        new_start_time=T(9),
        new_end_time=T(11),
        venue="Aula Poltekes",
        note="Dipindah karena Imlek",
    )
    event_date_change(club, occurrence_date=D(2027, 3, 13), is_cancelled=True)
    response = client.get(f"{prefix}/acara/{club.slug}/")
    assert response.status_code == 200
    text = response.content.decode()
    facts = response.context["next_date"]
    assert facts.start == datetime.datetime(2027, 2, 14, 9, tzinfo=WITA)
    assert moved in text and instead in text and "Aula Poltekes" in text
    assert "Dipindah karena Imlek" in text
    assert cancelled in text and "<del>" in text
    assert [o.start.date() for o in response.context["upcoming"]] == [
        D(2027, 2, 14),
        D(2027, 3, 13),
        D(2027, 4, 10),
        D(2027, 5, 8),
        D(2027, 6, 12),
    ]
    assert '"startDate": "2027-02-14T09:00:00+08:00"' in text


@time_machine.travel(datetime.datetime(2027, 1, 20, 8, tzinfo=UTC), tick=False)
def test_the_list_and_the_month_show_the_moved_date(client, home, club):
    event_date_change(
        club, occurrence_date=D(2027, 2, 13), new_date=D(2027, 2, 15), new_start_time=T(9)
    )
    listing = client.get("/acara/")
    [card] = listing.context["events"]
    assert card.next_start == datetime.datetime(2027, 2, 15, 9, tzinfo=WITA)
    month = client.get("/acara/bulan/?month=2027-02")
    days = {day: items for week in month.context["weeks"] for day, items in week if items}
    assert list(days) == [D(2027, 2, 15)]


@time_machine.travel(datetime.datetime(2027, 1, 20, 8, tzinfo=UTC), tick=False)
def test_the_list_gives_each_event_the_next_date_its_own_page_gives(client, home, club):
    """The list sorts its events from their dates alone (no model instances
    are built for hundreds of them): a series whose next date is cancelled,
    a weekly series with a left-out day and a one-off event come in the
    order, and at the times, the events themselves give."""
    event_date_change(club, occurrence_date=D(2027, 2, 13), is_cancelled=True)
    weekly = EventFactory(
        title="Dongeng Sabtu",
        time_zone="Asia/Jakarta",
        start=datetime.datetime(2027, 1, 16, 9, tzinfo=ZoneInfo("Asia/Jakarta")),
        end=datetime.datetime(2027, 1, 16, 10, tzinfo=ZoneInfo("Asia/Jakarta")),
        rrule="FREQ=WEEKLY;COUNT=8",
        exdates="2027-01-23",
    )
    single = EventFactory(
        title="Bedah buku",
        start=datetime.datetime(2027, 2, 1, 2, tzinfo=UTC),
        end=datetime.datetime(2027, 2, 1, 4, tzinfo=UTC),
    )
    shown = [(event.title, event.next_start) for event in client.get("/acara/").context["events"]]
    expected = sorted(
        ((event.title, event.next_occurrence()[0]) for event in (club, weekly, single)),
        key=lambda pair: pair[1],
    )
    assert shown == expected
    assert shown[0] == (
        "Dongeng Sabtu",
        datetime.datetime(2027, 1, 30, 9, tzinfo=ZoneInfo("Asia/Jakarta")),
    )
    assert shown[2] == ("Klub Baca Sehat", datetime.datetime(2027, 3, 13, 14, tzinfo=WITA))
    html = client.get("/acara/").text
    assert html.index("Dongeng Sabtu") < html.index("Bedah buku") < html.index("Klub Baca Sehat")
