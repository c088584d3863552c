import collections
import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from visits.choices import VisitState
from visits.demo_venue import BRANCH_NAME
from visits.models import Venue, VisitRequest, VisitTransition
from visits.services.availability import slot_problems

pytestmark = pytest.mark.django_db


def test_demo_has_the_seed_visit_and_every_state_and_is_idempotent(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")
    counts = (VisitRequest.objects.count(), VisitTransition.objects.count())
    call_command("load_demo_data")
    assert (VisitRequest.objects.count(), VisitTransition.objects.count()) == counts

    venue = Venue.objects.get(name="Open Library Telkom University")
    assert venue.time_zone == "Asia/Jakarta"
    seed = VisitRequest.objects.get(
        institution__slug="poltekes-banjarmasin",
        state="reported",
        venue=venue,
        scheduled_start__year=2024,
    )
    assert seed.scheduled_start.astimezone(datetime.UTC) == datetime.datetime(
        2024, 3, 26, 2, 0, tzinfo=datetime.UTC
    )
    assert [t.to_state for t in seed.transitions.all()] == [
        "submitted",
        "under_review",
        "scheduled",
        "completed",
        "reported",
    ]
    states = collections.Counter(VisitRequest.objects.values_list("state", flat=True))
    # A few requests in every state, not just one.
    assert set(states) == set(VisitState.values)
    assert min(states.values()) >= 2
    # The scheduled demo visit has its reply letter, signed as the settings say.
    scheduled = VisitRequest.objects.filter(state="scheduled", reply_letters__isnull=False)
    letter = scheduled.distinct().first().reply_letters.get(superseded_at__isnull=True)
    assert letter.signatory_name == "Dr. Rina Marlina, S.IP., M.Hum."
    assert letter.file.size > 1000

    page = client.get("/kunjungan/")
    assert page.status_code == 200
    assert "Open Library Telkom University" in page.content.decode()
    assert "Poltekes" not in page.content.decode()
    guidelines = client.get("/pedoman-kunjungan/").content.decode()
    # A path on this site, so the button follows whatever host serves it.
    assert '<a class="button" href="/kunjungan/">' in guidelines


def test_the_demo_has_a_second_venue_in_wita_with_its_rules_and_approver(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    branch = Venue.objects.get(name=BRANCH_NAME)
    assert branch.time_zone == "Asia/Makassar"
    assert (branch.setup_minutes, branch.teardown_minutes) == (30, 15)
    assert (branch.min_duration, branch.max_duration) == (
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=3),
    )
    assert (branch.quota_visits, branch.quota_period) == (2, "semester")
    assert [user.email for user in branch.approvers.all()] == ["andi.rahman@openlibrary.example"]

    # Two visits the same day: the second starts once the first one's
    # clear-up (15 min) and its own set-up (30 min) have passed.
    first, second = VisitRequest.objects.filter(venue=branch, state="scheduled").order_by(
        "scheduled_start"
    )
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    assert first.scheduled_start.astimezone(wita).time() == datetime.time(9)
    assert second.scheduled_start - first.scheduled_end == datetime.timedelta(minutes=45)
    assert first.blocked_end == second.blocked_start
    # Their approver took the steps.
    assert {t.actor.email for t in second.transitions.exclude(to_state="submitted")} == {
        "andi.rahman@openlibrary.example"
    }
    assert VisitRequest.objects.filter(venue=branch, state="reported").exists()

    # Poltekes has used up its quota at the room for that semester.
    poltekes = first.institution
    day = first.scheduled_start.astimezone(wita).date() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    problems = slot_problems(
        venue=branch,
        start=datetime.datetime.combine(day, datetime.time(13), tzinfo=wita),
        end=datetime.datetime.combine(day, datetime.time(14), tzinfo=wita),
        institution=poltekes,
    )
    assert any("2 kunjungan per semester" in problem for problem in problems), problems
