"""Sign-up per date of a series: each date has its own seats and waiting
list (or its own settings), people register for one date, and the lists,
check-in, e-mails (.ics of that date) and "my registrations" follow."""

import datetime

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partners.events import registration as services
from partners.events import registration_selectors as selectors
from partners.events.models import Registration, RegistrationOccurrence, RegistrationSetup
from tests.factories import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    event = EventFactory(title="Klub baca Sabtu", rrule="FREQ=WEEKLY;COUNT=5")
    return RegistrationSetup.objects.create(event=event, capacity=1, per_occurrence=True)


def _dates(setup):
    return selectors.upcoming_seatings(setup)


def test_each_date_has_its_own_seats_and_waiting_list(series, django_capture_on_commit_callbacks):
    first, second = _dates(series)[:2]
    ana, budi, citra = UserFactory(), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        a = services.register_user(setup=series, user=ana, seating=first)[0]
        b = services.register_user(setup=series, user=budi, seating=first)[0]
        c = services.register_user(setup=series, user=budi, seating=second)[0]
    assert (a.status, b.status, c.status) == ("confirmed", "waitlisted", "confirmed")
    assert a.occurrence_start == first.key
    # The .ics of the confirmation is that one date, not the series.
    calendar = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    vevent = calendar.walk("VEVENT")[0]
    assert "RRULE" not in vevent
    assert vevent.decoded("DTSTART") == first.start
    assert first.slug in str(vevent["UID"])
    # Cancelling on the first date promotes the first date's waiting person only.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel(a)
    assert [r.pk for r in promoted] == [b.pk]
    assert [m.to for m in mail.outbox] == [[budi.email]]
    assert selectors.counts(series, first)["confirmed"] == 1
    assert selectors.counts(series, second)["confirmed"] == 1
    # Someone can sign up for several dates; each address once per date.
    again, created = services.register_user(setup=series, user=citra, seating=second)
    assert again.status == "waitlisted" and created


def test_a_date_with_its_own_seats_and_closing(series):
    first, second = _dates(series)[:2]
    RegistrationOccurrence.objects.create(setup=series, start=first.key, capacity=3)
    services.occurrence_save(RegistrationOccurrence(setup=series, start=second.key, is_open=False))
    first = selectors.seating(series, first.slug)
    assert first.capacity == 3
    users = [UserFactory() for _ in range(3)]
    assert all(
        services.register_user(setup=series, user=u, seating=first)[0].status == "confirmed"
        for u in users
    )
    second = selectors.seating(series, second.slug)
    with pytest.raises(services.RegistrationClosed):
        services.register_user(setup=series, user=users[0], seating=second)
    # Without a date, a per-date setup refuses.
    with pytest.raises(services.DateRequired):
        services.register_user(setup=series, user=users[0])


def test_more_seats_on_a_date_promote_its_waiting_list(series):
    first = _dates(series)[0]
    users = [UserFactory() for _ in range(3)]
    for user in users:
        services.register_user(setup=series, user=user, seating=first)
    services.occurrence_save(RegistrationOccurrence(setup=series, start=first.key, capacity=2))
    assert selectors.counts(series, selectors.seating(series, first.slug))["confirmed"] == 2


def test_the_public_pages_list_dates_then_register_for_one(client, series):
    user = UserFactory()
    client.force_login(user)
    event_page = client.get(series.event.get_absolute_url()).text
    assert "Setiap tanggal dalam rangkaian ini punya kursi dan daftar tunggu sendiri." in event_page
    url = reverse("events:event-register", kwargs={"slug": series.event.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert "Setiap tanggal dalam rangkaian ini punya kursi sendiri. Pilih tanggal" in page.text
    first = _dates(series)[0]
    date_url = reverse(
        "events:event-register-date",
        kwargs={"slug": series.event.slug, "occurrence": first.slug},
    )
    assert date_url in page.text
    response = client.post(date_url, {})
    assert response.status_code == 302 and response["Location"] == date_url
    registration = Registration.objects.get()
    assert registration.occurrence_start == first.key
    # A POST to the list (no date) registers nobody and says why.
    response = client.post(url, {}, follow=True)
    assert "Pilih tanggal yang ingin Anda ikuti." in response.text
    assert Registration.objects.count() == 1
    # The list marks the date; "my registrations" shows the date, not the first one.
    assert "Anda terdaftar untuk tanggal ini." in client.get(url).text
    mine = client.get(reverse("events:my-registrations")).text
    from partners.events.templatetags.events_tags import event_when

    assert event_when(first.start, first.end) in mine
    # Not a date of the series, or garbage: 404.
    for bad in (
        "20000101T000000Z",
        "besok",
        (first.key + datetime.timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ"),
    ):
        assert (
            client.get(
                reverse(
                    "events:event-register-date",
                    kwargs={"slug": series.event.slug, "occurrence": bad},
                )
            ).status_code
            == 404
        )


def test_public_double_opt_in_for_a_date(client, series, django_capture_on_commit_callbacks):
    first = _dates(series)[0]
    date_url = reverse(
        "events:event-register-date",
        kwargs={"slug": series.event.slug, "occurrence": first.slug},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(date_url, {"name": "Sari Dewi", "email": "sari@example.org"})
    registration = Registration.objects.get()
    assert registration.status == "pending" and registration.occurrence_start == first.key
    from partners.events.templatetags.events_tags import event_when

    assert event_when(first.start, first.end) in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_per_date_needs_a_series():
    setup = RegistrationSetup(event=EventFactory(), capacity=5, per_occurrence=True)
    with pytest.raises(ValidationError):
        setup.full_clean()


def test_reminders_go_a_day_before_each_date(series, django_capture_on_commit_callbacks):
    first, second = _dates(series)[:2]
    ana, budi = UserFactory(), UserFactory()
    services.register_user(setup=series, user=ana, seating=first)
    services.register_user(setup=series, user=budi, seating=second)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_reminders(now=first.start - datetime.timedelta(hours=2))
    assert sent == 1 and [m.to for m in mail.outbox] == [[ana.email]]


def test_staff_lists_and_check_in_per_date(client, home, series, django_assert_max_num_queries):
    first, second = _dates(series)[:2]
    ana, budi, citra = (
        UserFactory(full_name=n) for n in ("Ana Putri", "Budi Santoso", "Citra Ayu")
    )
    services.register_user(setup=series, user=ana, seating=first)
    services.register_user(setup=series, user=budi, seating=first)
    services.register_user(setup=series, user=citra, seating=second)
    client.force_login(UserFactory(groups=[Group.objects.get(name="Editors")]))
    url = reverse("event_registrations:attendees", args=[series.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        overview = client.get(url)
    assert overview.status_code == 200
    assert first.slug in overview.text and second.slug in overview.text
    one = client.get(url, {"tanggal": first.slug}).text
    assert "Ana Putri" in one and "Budi Santoso" in one and "Citra Ayu" not in one
    assert one.index("Budi Santoso") > one.index("Daftar tunggu")
    assert client.get(url, {"tanggal": "20000101T000000Z"}).status_code == 404
    csv = client.get(url, {"tanggal": first.slug, "format": "csv"})
    assert b"Ana Putri" in csv.content and b"Citra Ayu" not in csv.content
    check_in = reverse("event_registrations:check_in", args=[series.pk])
    found = client.get(check_in, {"tanggal": second.slug, "q": "Ana"}).text
    assert "Ana Putri" not in found
    registration = Registration.objects.get(user=citra)
    response = client.post(check_in, {"tanggal": second.slug, "registration": registration.pk})
    assert response.status_code == 302 and second.slug in response["Location"]
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    # Someone of another date cannot be checked in on this one.
    other = Registration.objects.get(user=ana)
    assert (
        client.post(check_in, {"tanggal": second.slug, "registration": other.pk}).status_code == 404
    )
    # A date's own settings.
    settings_url = reverse("event_registrations:occurrence", args=[series.pk, second.slug])
    assert client.get(settings_url).status_code == 200
    response = client.post(settings_url, {"is_open": "on", "capacity": "4"})
    assert response.status_code == 302
    assert RegistrationOccurrence.objects.get(start=second.key).capacity == 4


def test_per_event_registration_is_unchanged_for_a_series_without_per_date(client):
    event = EventFactory(rrule="FREQ=WEEKLY;COUNT=3")
    setup = RegistrationSetup.objects.create(event=event, capacity=2)
    registration = services.register_user(setup=setup, user=UserFactory())[0]
    assert registration.occurrence_start is None and registration.status == "confirmed"
    assert (
        client.get(
            reverse(
                "events:event-register-date",
                kwargs={
                    "slug": event.slug,
                    "occurrence": timezone.now().strftime("%Y%m%dT%H%M%SZ"),
                },
            )
        ).status_code
        == 404
    )


def test_a_coordinator_registers_members_for_one_date(client, series):
    from partners.models import Membership
    from tests.factories.partners import InstitutionFactory, MembershipFactory

    institution = InstitutionFactory()
    coordinator = UserFactory(full_name="Koordinator")
    MembershipFactory(user=coordinator, institution=institution, role=Membership.Role.COORDINATOR)
    members = [UserFactory(full_name=f"Anggota {n}") for n in range(2)]
    for member in members:
        MembershipFactory(user=member, institution=institution)
    second = _dates(series)[1]
    client.force_login(coordinator)
    url = reverse(
        "events:event-register-members-date",
        kwargs={"slug": series.event.slug, "occurrence": second.slug},
    )
    page = client.get(url)
    from partners.events.templatetags.events_tags import event_when

    assert event_when(second.start, second.end) in page.text
    response = client.post(url, {"members": [m.pk for m in members]}, follow=True)
    assert "Terdaftar: 1 dengan kursi, 1 dalam daftar tunggu" in response.text
    stored = Registration.objects.filter(occurrence_start=second.key)
    assert sorted(stored.values_list("status", flat=True)) == ["confirmed", "waitlisted"]
    # Without a date, the members page of a per-date event sends to the dates.
    plain = reverse("events:event-register-members", kwargs={"slug": series.event.slug})
    assert client.get(plain)["Location"].endswith(
        reverse("events:event-register", kwargs={"slug": series.event.slug})
    )


def test_registrations_follow_a_date_an_editor_moves(client, series):
    """Moving one date of the series (an OccurrenceChange) keeps its sign-ups
    and seats with it: they are keyed on the date the rule gave."""
    from partners.events.services import event_date_change

    first = _dates(series)[0]
    ana = UserFactory()
    registration = services.register_user(setup=series, user=ana, seating=first)[0]
    event = series.event
    moved_day = first.start.date() + datetime.timedelta(days=1)
    event_date_change(event, occurrence_date=first.start.date(), new_date=moved_day)
    series.refresh_from_db()
    dates = _dates(series)
    moved = next(item for item in dates if item.key == first.key)
    assert moved.start.date() == moved_day
    assert moved.counts["confirmed"] == 1 and moved.counts["left"] == 0
    # The date's page answers at the original slug and shows it full.
    again = selectors.seating(series, first.slug)
    assert again is not None and again.start.date() == moved_day
    registration.refresh_from_db()
    assert registration.occurrence_start == first.key
    # A second person goes on that date's waiting list, not a fresh date.
    budi = UserFactory()
    waiting = services.register_user(setup=series, user=budi, seating=again)[0]
    assert waiting.status == "waitlisted"
