"""The demo requests are made through the services, which queue their e-mails;
loading the demo drops them."""

import collections
import contextlib
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from visits import demo_requests, tasks
from visits.choices import VisitState
from visits.demo_venue import VENUE_NAME, build_venue, weekday_from, wib_at
from visits.models import ClosedDate, VisitRequest
from visits.services.availability import slot_problems

pytestmark = pytest.mark.django_db

TASKS = (
    "send_new_request_to_staff",
    "send_state_change",
    "send_message_notice",
    "send_partner_event_to_staff",
    "send_rescheduled",
    "send_change_asked_to_staff",
)


class Recorder:
    def __init__(self, name, calls):
        self.name, self.calls = name, calls

    def enqueue(self, *args):
        self.calls[self.name] += 1


def _load(monkeypatch, capture):
    calls = collections.Counter()
    for name in TASKS:
        monkeypatch.setattr(tasks, name, Recorder(name, calls))
    with capture(execute=True):
        call_command("load_demo_data", force=True)
    return calls


def test_the_services_queue_the_e_mails_of_the_demo_requests(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(demo_requests, "without_notices", contextlib.nullcontext)
    calls = _load(monkeypatch, django_capture_on_commit_callbacks)
    # Submitted by a member: submitted, changes requested, cancelled; at
    # the Makassar room, Poltekes's submitted and scheduled requests.
    assert calls["send_new_request_to_staff"] == 5
    # The three receipts of submission, then review, changes, schedule,
    # decline, schedule and cancel; at the Makassar room two receipts, then
    # schedule, review and schedule, review, changes, decline, schedule and
    # cancel, and the report that makes the older visit "reported".
    assert calls["send_state_change"] == 9 + 2 + 9
    # The partner's cancellation, told to staff.
    assert calls["send_partner_event_to_staff"] == 1
    # The seed visit's thread.
    assert calls["send_message_notice"] == 2


def test_loading_the_demo_sends_no_visit_e_mail(monkeypatch, django_capture_on_commit_callbacks):
    calls = _load(monkeypatch, django_capture_on_commit_callbacks)
    assert sum(calls.values()) == 0
    assert set(VisitRequest.objects.values_list("state", flat=True)) == set(VisitState.values)


def test_the_scheduled_demo_visit_keeps_the_venue_rules():
    call_command("load_demo_data", force=True)
    visit = VisitRequest.objects.get(state=VisitState.SCHEDULED, venue__name=VENUE_NAME)
    assert visit.sequence == 1
    assert visit.venue_place == 1
    assert visit.transitions.last().note == "Sampai jumpa di Open Library."
    assert (
        slot_problems(
            venue=visit.venue,
            start=visit.scheduled_start,
            end=visit.scheduled_end,
            group_size=visit.group_size,
            exclude_request=visit,
            check_window=False,
        )
        == []
    )
    cancelled = VisitRequest.objects.get(state=VisitState.CANCELLED, venue__name=VENUE_NAME)
    assert cancelled.sequence == 2
    assert cancelled.cancel_reason == "Bertepatan dengan ujian akhir semester."


def test_the_demo_schedules_on_the_next_time_the_rules_accept():
    today = timezone.localdate()
    venue = build_venue(today)
    monday = weekday_from(today, 60)
    monday += datetime.timedelta(days=-monday.weekday())
    assert demo_requests.open_time(venue, monday) == (wib_at(monday, 9), wib_at(monday, 11))
    ClosedDate.objects.create(venue=venue, date=monday, reason="Stock opname")
    tuesday = monday + datetime.timedelta(days=1)
    assert demo_requests.open_time(venue, monday) == (wib_at(tuesday, 9), wib_at(tuesday, 11))
