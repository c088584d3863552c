import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from partners.events.models import Event
from tests.factories import UserFactory
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, home):
    user = UserFactory(groups=[Group.objects.get(name="Cooperation staff")])
    client.force_login(user)
    return client


def _form_data(**overrides):
    data = {
        "title": "Klub Baca Sehat",
        "slug": "",
        "summary": "Membaca buku kesehatan bersama.",
        "description": "",
        "kind": "reading-club",
        "language": "id",
        "audience": "",
        "image": "",
        "status": "scheduled",
        "is_public": "on",
        "time_zone": "Asia/Makassar",
        "start": "2027-01-09 14:00",
        "end": "2027-01-09 16:00",
        "rrule": "",
        "exdates": "",
        "mode": "on-site",
        "venue": "Perpustakaan Poltekes Banjarmasin",
        "address": "",
        "online_url": "",
        "capacity": "",
        "registration_url": "",
        "host_is_organiser": "on",
        "programme": "",
        "agreement": "",
        # The inline of changes to single dates (none).
        "occurrence_changes-TOTAL_FORMS": "0",
        "occurrence_changes-INITIAL_FORMS": "0",
        "occurrence_changes-MIN_NUM_FORMS": "0",
        "occurrence_changes-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("group", ["Editors", "Cooperation staff"])
def test_editors_and_cooperation_staff_may_manage_events(client, home, group):
    user = UserFactory(groups=[Group.objects.get(name=group)])
    assert user.has_perms(["events.add_event", "events.change_event", "events.delete_event"])
    client.force_login(user)
    assert client.get(reverse("shared_events:index")).status_code == 200


def test_writers_cannot_manage_events(client, home):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Writers")]))
    assert client.get(reverse("shared_events:add")).status_code in (302, 403)


def test_times_are_typed_in_the_events_own_zone(staff_client):
    partner = InstitutionFactory()
    response = staff_client.post(reverse("shared_events:add"), _form_data(partners=[partner.pk]))
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    # 14:00 WITA is 06:00 UTC, whatever zone the editor's admin uses.
    assert event.start == datetime.datetime(2027, 1, 9, 6, tzinfo=datetime.UTC)
    assert event.local_start.tzinfo == ZoneInfo("Asia/Makassar")
    assert list(event.partners.all()) == [partner]
    edit = staff_client.get(reverse("shared_events:edit", args=[event.pk]))
    assert "2027-01-09 14:00" in edit.text


def test_all_day_events_cover_whole_local_days(staff_client):
    response = staff_client.post(
        reverse("shared_events:add"),
        _form_data(all_day="on", start="2027-02-01 00:00", end="2027-02-03 00:00"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.local_start == datetime.datetime(2027, 2, 1, tzinfo=ZoneInfo("Asia/Makassar"))
    assert event.last_day == datetime.date(2027, 2, 3)


def test_an_end_before_the_start_is_a_form_error_not_a_500(staff_client):
    response = staff_client.post(
        reverse("shared_events:add"), _form_data(start="2027-01-09 14:00", end="2027-01-09 13:00")
    )
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    assert not Event.objects.exists()


def test_a_bad_repeat_rule_is_a_form_error(staff_client):
    response = staff_client.post(reverse("shared_events:add"), _form_data(rrule="FREQ=OFTEN"))
    assert response.status_code == 200
    assert "rrule" in response.context["form"].errors


def test_index_inspect_and_export(staff_client):
    event = EventFactory(title="Seminar Literasi Digital")
    index = staff_client.get(reverse("shared_events:index"), {"q": "Digital"})
    assert "Seminar Literasi Digital" in index.text
    assert staff_client.get(reverse("shared_events:inspect", args=[event.pk])).status_code == 200
    export = staff_client.get(reverse("shared_events:index"), {"export": "csv"})
    assert export.status_code == 200
    assert b"Seminar Literasi Digital" in b"".join(export.streaming_content)
    from portal.models import AuditEvent

    assert AuditEvent.objects.filter(action="export.events").count() == 1
