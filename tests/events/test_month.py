"""The month calendar has a first and a last page, so following "next
month" ends; months more than a year ahead are kept out of search engines."""

import calendar
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.events.models import Event
from partners.events.selectors import add_months
from tests.factories.events import EventFactory

# Every test counts months from today: run them on one fixed date.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

WIB = ZoneInfo("Asia/Jakarta")


def _month(months_from_now):
    today = timezone.localdate()
    year, month = add_months(today.year, today.month, months_from_now)
    return f"{year:04d}-{month:02d}"


def _get(client, months_from_now):
    return client.get(reverse("events:event-month"), {"month": _month(months_from_now)})


def _link(response, rel):
    match = re.search(rf'<a href="\?month=([0-9-]+)" rel="{rel}[^"]*"', response.text)
    return match.group(1) if match else None


def test_without_events_the_calendar_runs_from_a_year_back_to_a_year_ahead(client, home):
    for months in (-12, 0, 12):
        assert _get(client, months).status_code == 200, months
    for months in (-13, 13, 1200):
        response = _get(client, months)
        assert response.status_code == 404, months
        assert "Halaman tidak ditemukan" in response.text
    assert _link(_get(client, 12), "next") is None
    assert _link(_get(client, 11), "next") == _month(12)
    assert _link(_get(client, -12), "prev") is None
    assert _link(_get(client, -11), "prev") == _month(-12)


def test_months_of_far_events_exist_but_are_not_indexed(client, home):
    today = timezone.localdate()
    far = datetime.datetime(today.year + 3, 6, 10, 9, tzinfo=WIB)
    EventFactory(title="Kongres literasi", start=far, end=far + datetime.timedelta(hours=3))
    old = datetime.datetime(today.year - 4, 2, 10, 9, tzinfo=WIB)
    EventFactory(title="Acara perdana", start=old, end=old + datetime.timedelta(hours=3))

    congress = client.get(reverse("events:event-month"), {"month": f"{today.year + 3}-06"})
    assert congress.status_code == 200
    assert "Kongres literasi" in congress.text
    assert '<meta name="robots" content="noindex">' in congress.text
    assert _link(congress, "next") is None  # the last month with an event is the last page

    first = client.get(reverse("events:event-month"), {"month": f"{today.year - 4}-02"})
    assert "Acara perdana" in first.text
    assert _link(first, "prev") is None
    assert '<meta name="robots"' not in first.text

    # A year ahead is still indexed, and its "next month" link says nofollow.
    year_ahead = _get(client, 12)
    assert '<meta name="robots"' not in year_ahead.text
    assert re.search(r'rel="next nofollow"', year_ahead.text)
    assert 'rel="next"' in _get(client, 0).text


def test_a_stray_date_decades_ahead_does_not_stretch_the_calendar(client, home):
    event = EventFactory()
    stray = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)
    Event.objects.filter(pk=event.pk).update(end=stray, last_end=stray)
    today = timezone.localdate()
    last = client.get(reverse("events:event-month"), {"month": f"{today.year + 10}-12"})
    assert last.status_code == 200
    assert _link(last, "next") is None
    assert client.get(reverse("events:event-month"), {"month": "9000-01"}).status_code == 404


def test_every_day_carries_its_weekday_for_the_stacked_phone_layout(client, home):
    response = client.get(reverse("events:event-month"), {"month": _month(0)})
    weekdays = re.findall(r'<span class="event-month__weekday">([^<]+)</span>', response.text)
    today = timezone.localdate()
    first = datetime.date(today.year, today.month, 1)
    names = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]
    assert weekdays[0] == names[first.weekday()]
    assert len(weekdays) == calendar.monthrange(today.year, today.month)[1]
    assert set(weekdays) == set(names)

    english = client.get("/en" + reverse("events:event-month"), {"month": _month(0)})
    weekdays = re.findall(r'<span class="event-month__weekday">([^<]+)</span>', english.text)
    assert set(weekdays) == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
