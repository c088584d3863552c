import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_events_are_there_once_with_upcoming_ones(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")
    call_command("load_demo_data")

    events = {event.slug: event for event in Event.objects.all()}
    assert len(events) == 6  # five around the day of loading, one in 2025 for the recap
    modes = {event.mode for event in events.values()}
    assert {"online", "hybrid"} <= modes
    assert events["pameran-buku-kesehatan-keluarga"].status == "cancelled"
    club = events["klub-baca-sehat"]
    assert club.rrule.startswith("FREQ=MONTHLY") and club.exdates
    assert "poltekes-banjarmasin" in {p.slug for p in club.partners.all()}
    assert club.programme is not None

    response = client.get(reverse("events:event-list"))
    assert response.status_code == 200
    assert len(response.context["events"]) >= 3
    assert "Klub Baca Sehat" in client.get("/").text
    assert client.get(reverse("events:event-archive")).context["events"]
    assert client.get(club.get_absolute_url()).status_code == 200
    assert client.get(reverse("events:feed")).status_code == 200


def test_demo_has_proposals_and_a_series_with_sign_up_per_date(settings, client):
    from partners.events import registration_selectors
    from partners.events.models import EventProposal, RegistrationSetup

    settings.DEBUG = True
    call_command("load_demo_data")
    call_command("load_demo_data")
    proposals = {p.status: p for p in EventProposal.objects.select_related("institution")}
    assert set(proposals) == {"submitted", "changes"}
    assert {p.institution.slug for p in proposals.values()} == {"poltekes-banjarmasin"}
    assert proposals["changes"].staff_comment
    assert not Event.objects.filter(title=proposals["submitted"].title).exists()
    setup = RegistrationSetup.objects.get(event__slug="klub-baca-sehat")
    assert setup.per_occurrence
    first = registration_selectors.upcoming_seatings(setup)[0]
    assert (first.capacity, first.counts["confirmed"], first.counts["waitlisted"]) == (2, 2, 1)
    response = client.get(reverse("events:event-register", kwargs={"slug": "klub-baca-sehat"}))
    assert response.status_code == 200
