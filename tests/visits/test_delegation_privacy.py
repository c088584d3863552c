"""Participants are personal data: the person's download, their account's
deletion and the retention purge; and the demo's delegations."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal import extensions
from tests.factories import UserFactory
from tests.factories.visits import ScheduledVisitFactory
from tests.factories.visits_delegation import ParticipantFactory
from visits.choices import VisitState
from visits.models import Attendance, VisitParticipant, VisitRequest
from visits.selectors import statistics

pytestmark = pytest.mark.django_db


def test_a_person_downloads_the_entries_naming_their_verified_address():
    person = UserFactory(email="siti@poltekes.example")
    mine = ParticipantFactory(email="siti@poltekes.example", name="Siti", position="Dosen")
    ParticipantFactory(email="orang.lain@poltekes.example", name="Orang Lain")
    unverified = UserFactory(email="budi@poltekes.example", verified_email=False)
    ParticipantFactory(email="budi@poltekes.example", name="Budi")

    entries = extensions.personal_data(user=person)["visit_participations"]
    assert [(e["request"], e["name"], e["position"]) for e in entries] == [
        (mine.request.reference, "Siti", "Dosen")
    ]
    assert extensions.personal_data(user=unverified)["visit_participations"] == []


def test_deleting_the_account_blanks_the_entries_and_keeps_attendance():
    person = UserFactory(email="siti@poltekes.example")
    mine = ParticipantFactory(email="siti@poltekes.example", attendance=Attendance.PRESENT)
    other = ParticipantFactory(name="Tetap Ada")
    extensions.erase_personal_data(user=person)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.name, mine.position, mine.email, mine.attendance) == ("", "", "", "present")
    assert other.name == "Tetap Ada"


def test_retention_blanks_old_delegations_once_and_keeps_the_count():
    long_ago = timezone.now() - datetime.timedelta(days=800)
    old = ScheduledVisitFactory(
        state=VisitState.REPORTED,
        scheduled_start=long_ago,
        scheduled_end=long_ago + datetime.timedelta(hours=2),
    )
    ParticipantFactory.create_batch(3, request=old, attendance=Attendance.PRESENT)
    recent = ParticipantFactory(name="Masih Baru")
    cutoff = timezone.now() - datetime.timedelta(days=730)

    dry = extensions.retention_purge(cutoff=cutoff, dry_run=True)
    assert dry["visits.visit_participants"] == 3
    assert VisitParticipant.objects.filter(request=old).exclude(name="").count() == 3
    extensions.retention_purge(cutoff=cutoff, dry_run=False)
    assert set(VisitParticipant.objects.filter(request=old).values_list("name", "email")) == {
        ("", "")
    }
    assert (
        extensions.retention_purge(cutoff=cutoff, dry_run=False)["visits.visit_participants"] == 0
    )
    recent.refresh_from_db()
    assert recent.name == "Masih Baru"
    year = long_ago.year
    assert {row["key"]: row["visitors"] for row in statistics.per_year()}[year] == 3


def test_demo_has_a_named_delegation_and_a_visit_with_attendance(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    count = VisitParticipant.objects.count()
    call_command("load_demo_data")
    assert VisitParticipant.objects.count() == count

    seed = VisitRequest.objects.get(
        institution__slug="poltekes-banjarmasin", state="reported", scheduled_start__year=2024
    )
    assert seed.participants.count() == 12
    assert seed.participants.filter(attendance=Attendance.PRESENT).count() == 11
    assert seed.participants.filter(attendance=Attendance.ABSENT).count() == 1
    # The scheduled visit of the demo story (the branch venue has others).
    scheduled = (
        VisitRequest.objects.filter(state="scheduled", participants__isnull=False).distinct().get()
    )
    names = list(scheduled.participants.values_list("name", flat=True))
    assert names[:2] == ["Bambang Wijaya", "Ratna Kusuma"]
    assert all(p.attendance == "" for p in scheduled.participants.all())
    submitted = VisitRequest.objects.get(
        state="submitted",
        institution__slug="poltekes-banjarmasin",
        participants__name="Nur Aisyah, S.IP.",
    )
    first = submitted.participants.first()
    assert (first.name, first.added_by.email) == (
        "Nur Aisyah, S.IP.",
        "pustakawan@poltekes-banjarmasin.example",
    )
