"""Staff: turning registration on, the lists and their export, check-in."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from partners.events import registration as services
from partners.events.models import Registration, RegistrationSetup
from tests.factories import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, home):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Editors")]))
    return client


@pytest.fixture
def full_setup():
    setup = RegistrationSetup.objects.create(event=EventFactory(title="Kelas baca"), capacity=2)
    for name in ("Budi Santoso", '=HYPERLINK("http://x")', "Citra Lestari"):
        services.register_user(setup=setup, user=UserFactory(full_name=name))
    return setup


def test_an_editor_turns_registration_on_for_an_event(editor_client):
    event = EventFactory(title="Kelas tulis")
    response = editor_client.post(
        reverse("event_registrations:add"),
        {"event": event.pk, "is_open": "on", "capacity": "25", "ask_position": "on"},
    )
    assert response.status_code == 302
    setup = RegistrationSetup.objects.get(event=event)
    assert (setup.capacity, setup.ask_position, setup.ask_institution) == (25, True, False)


def test_more_seats_from_the_admin_promote_the_waiting(editor_client, full_setup):
    response = editor_client.post(
        reverse("event_registrations:edit", args=[full_setup.pk]),
        {"event": full_setup.event.pk, "is_open": "on", "capacity": "3"},
    )
    assert response.status_code == 302
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_lists_show_attendees_and_waiting_list(editor_client, full_setup):
    response = editor_client.get(reverse("event_registrations:attendees", args=[full_setup.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Budi Santoso" in text and "Citra Lestari" in text
    assert text.index("Citra Lestari") > text.index("Daftar tunggu")


def test_export_defuses_formulas(editor_client, full_setup):
    url = reverse("event_registrations:attendees", args=[full_setup.pk])
    response = editor_client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in names
    csv = editor_client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Budi Santoso" in csv.content.decode("utf-8-sig")


def test_check_in_by_name_or_code(editor_client, full_setup):
    budi = Registration.objects.get(name="Budi Santoso")
    url = reverse("event_registrations:check_in", args=[full_setup.pk])
    assert "Budi Santoso" in editor_client.get(url, {"q": "budi"}).text
    found = editor_client.get(url, {"q": budi.code.lower()})
    assert "Budi Santoso" in found.text
    # Waiting people have no seat: not found.
    assert "Citra Lestari" not in editor_client.get(url, {"q": "Citra"}).text
    editor_client.post(url, {"registration": budi.pk, "q": "budi"})
    budi.refresh_from_db()
    assert budi.checked_in_at is not None


def test_readers_and_partners_cannot_see_the_lists(client, full_setup, home):
    client.force_login(UserFactory())
    response = client.get(reverse("event_registrations:attendees", args=[full_setup.pk]))
    assert response.status_code in (302, 403)


def test_attendance_at_the_door_is_the_events_participants_in_the_agreement_evidence():
    from portal.extensions import agreement_activities
    from tests.factories.partners import AgreementFactory

    agreement = AgreementFactory()
    event = EventFactory(title="Kelas bersama", agreement=agreement)
    setup = RegistrationSetup.objects.create(event=event, capacity=5)
    registrations = [services.register_user(setup=setup, user=UserFactory())[0] for _ in range(3)]
    services.check_in(registrations[0])
    services.check_in(registrations[1])
    activities = [
        a for a in agreement_activities(agreement_ids={agreement.pk}) if a.title == "Kelas bersama"
    ]
    assert [a.participants for a in activities] == [2]


def test_check_in_without_a_registrant_gets_a_message_not_an_error(editor_client, full_setup):
    url = reverse("event_registrations:check_in", args=[full_setup.pk])
    for value in ("", "abc", "99999999"):
        response = editor_client.post(url, {"registration": value}, follow=True)
        assert response.status_code in (200, 404)
