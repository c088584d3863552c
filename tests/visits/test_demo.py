import datetime

import pytest
from django.core.management import call_command

from visits.choices import VisitState
from visits.models import Venue, VisitRequest, VisitTransition

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
        institution__slug="poltekes-banjarmasin", state="reported", scheduled_start__year=2024
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
    assert set(VisitRequest.objects.values_list("state", flat=True)) == set(VisitState.values)
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
