"""Event registration: seats, waiting list, double opt-in, cancel links,
"my registrations", and the e-mails with the event's calendar file."""

import io
import re

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from partners.events import registration as services
from partners.events import registration_links as links
from partners.events.models import Registration, RegistrationSetup, RegistrationStatus
from partners.events.services import event_cancel, event_save
from tests.factories import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    event = EventFactory(title="Kelas menulis")
    return RegistrationSetup.objects.create(event=event, capacity=2, ask_institution=True)


def _path(message, name):
    url = re.search(rf"https?://[^/\s]+(/\S*pendaftaran/{name}/\S+/)", message.body)
    assert url, message.body
    return url.group(1)


def test_signed_in_users_take_seats_then_the_waiting_list_in_order(
    setup, django_capture_on_commit_callbacks
):
    users = [UserFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        results = [services.register_user(setup=setup, user=user)[0] for user in users]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert len(mail.outbox) == 4
    confirmed_mail = mail.outbox[0]
    assert confirmed_mail.to == [users[0].email]
    assert "Kelas menulis" in confirmed_mail.subject
    assert results[0].code in confirmed_mail.body
    calendar = icalendar.Calendar.from_ical(confirmed_mail.attachments[0][1])
    assert calendar.walk("VEVENT")[0]["SUMMARY"] == "Kelas menulis"
    # Registering twice changes nothing.
    again, created = services.register_user(setup=setup, user=users[0])
    assert (again.pk, created) == (results[0].pk, False)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel(results[1])
    assert [r.pk for r in promoted] == [results[2].pk]
    results[2].refresh_from_db()
    results[3].refresh_from_db()
    assert results[2].status == "confirmed"
    assert results[3].status == "waitlisted"
    assert [m.to for m in mail.outbox] == [[users[2].email]]
    assert mail.outbox[0].attachments  # the .ics

    # A waitlisted person leaves the list: nobody else moves.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel(results[3]) == []
    results[3].refresh_from_db()
    assert results[3].status == "cancelled"


def test_public_sign_up_takes_no_seat_until_the_address_is_confirmed(
    client, setup, django_capture_on_commit_callbacks
):
    url = reverse("events:event-register", kwargs={"slug": setup.event.slug})
    page = client.get(url)
    assert "Institusi" in page.text or "Institution" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"name": "Sari Dewi", "email": "Sari@Example.org", "institution": "SMA 1"}
        )
    assert response.status_code == 200
    assert "Sari@Example.org" in response.text
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.institution == "SMA 1"
    assert len(mail.outbox) == 1 and not mail.outbox[0].attachments
    confirm_path = _path(mail.outbox[0], "konfirmasi")
    # Opening the link shows a button; mail scanners do not confirm.
    assert client.get(confirm_path).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_path, follow=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.code in response.text
    assert mail.outbox[-1].attachments

    # The cancel link of the e-mail frees the seat.
    cancel_path = _path(mail.outbox[-1], "batal")
    client.post(cancel_path)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_a_broken_or_tampered_link_is_refused_with_a_message(client, setup):
    registration = Registration.objects.create(setup=setup, name="A", email="a@example.org")
    token = links.confirm_token(registration)
    for bad in ("nonsense", token[:-2] + "xx", links.cancel_token(registration)):
        response = client.get(reverse("events:registration-confirm", args=[bad]))
        assert response.status_code == 400
        assert "Tautan ini tidak berfungsi" in response.text


def test_the_same_address_twice_does_not_make_two_registrations(setup, client):
    url = reverse("events:event-register", kwargs={"slug": setup.event.slug})
    client.post(url, {"name": "A", "email": "a@example.org"})
    client.post(url, {"name": "A", "email": "A@example.org"})
    assert Registration.objects.count() == 1


def test_bad_input_gets_a_translated_message(client, setup):
    url = reverse("events:event-register", kwargs={"slug": setup.event.slug})
    response = client.post(url, {"name": " ", "email": "not-an-address"})
    assert response.status_code == 400
    assert "alamat email yang valid" in response.text.lower() or "valid" in response.text
    assert Registration.objects.count() == 0


def test_closed_registration_takes_nobody(client, setup):
    setup.is_open = False
    setup.save()
    url = reverse("events:event-register", kwargs={"slug": setup.event.slug})
    client.post(url, {"name": "A", "email": "a@example.org"})
    assert Registration.objects.count() == 0
    with pytest.raises(services.RegistrationClosed):
        services.register_user(setup=setup, user=UserFactory())


def test_the_sign_up_form_is_rate_limited(client, setup, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "forms": "2/m"}
    url = reverse("events:event-register", kwargs={"slug": setup.event.slug})
    codes = [
        client.post(url, {"name": "A", "email": f"a{n}@example.org"}).status_code for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_my_registrations_lists_and_cancels_promoting_the_next(
    client, setup, django_capture_on_commit_callbacks
):
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    for user in (first, second, third):
        services.register_user(setup=setup, user=user)
    client.force_login(first)
    page = client.get(reverse("events:my-registrations"))
    assert "Kelas menulis" in page.text
    mine = Registration.objects.get(user=first)
    assert mine.code in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:my-registration-cancel", args=[mine.pk]))
    assert Registration.objects.get(user=third).status == "confirmed"
    assert mail.outbox[-1].to == [third.email]
    # Someone else's registration cannot be cancelled from my page.
    other = Registration.objects.get(user=second)
    response = client.post(reverse("events:my-registration-cancel", args=[other.pk]))
    assert response.status_code == 404
    assert Registration.objects.get(pk=other.pk).status == "confirmed"


def test_the_event_page_offers_registration(client, setup):
    response = client.get(setup.event.get_absolute_url())
    assert reverse("events:event-register", kwargs={"slug": setup.event.slug}) in response.text
    assert "Pendaftaran" in response.text


def test_cancelling_the_event_mails_every_registrant_with_a_cancelled_ics(
    setup, django_capture_on_commit_callbacks
):
    users = [UserFactory() for _ in range(3)]
    for user in users:
        services.register_user(setup=setup, user=user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(setup.event)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    calendar = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_more_seats_promote_people_waiting(setup):
    users = [UserFactory() for _ in range(3)]
    for user in users:
        services.register_user(setup=setup, user=user)
    setup.capacity = 3
    services.setup_save(setup)
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_demo_workshop_has_open_registration_with_a_waiting_list():
    from partners.events.demo import REGISTRATION_SLUG, build_events

    build_events({})
    build_events({})  # a second run changes nothing
    setup = RegistrationSetup.objects.get(event__slug=REGISTRATION_SLUG)
    assert setup.window_state() == "open"
    statuses = list(setup.registrations.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 2


def test_signing_up_flushes_only_the_seats_left_of_event_pages(
    setup, django_capture_on_commit_callbacks
):
    from portal.page_cache import tag_versions

    user = UserFactory()
    before = tag_versions()
    with django_capture_on_commit_callbacks(execute=True):
        services.register_user(setup=setup, user=user)
    after = tag_versions()
    assert [tag for tag in after if after[tag] != before[tag]] == ["seats"]


def test_a_coordinator_registers_several_members_at_once(
    client, setup, django_capture_on_commit_callbacks
):
    from partners.models import Membership
    from tests.factories.partners import InstitutionFactory, MembershipFactory

    institution = InstitutionFactory()
    coordinator = MembershipFactory(institution=institution, role=Membership.Role.COORDINATOR).user
    members = [MembershipFactory(institution=institution).user for _ in range(3)]
    outsider = MembershipFactory().user  # another institution's member
    client.force_login(coordinator)
    url = reverse("events:event-register-members", kwargs={"slug": setup.event.slug})
    page = client.get(url)
    assert members[0].email in page.text
    assert outsider.email not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"members": [m.pk for m in members]}, follow=True)
    assert "2 dengan kursi, 1 dalam daftar tunggu" in response.text
    statuses = {r.user_id: r.status for r in Registration.objects.all()}
    assert sorted(statuses.values()) == ["confirmed", "confirmed", "waitlisted"]
    assert {m.to[0] for m in mail.outbox} == {m.email for m in members}
    # Someone else's member cannot be slipped in.
    response = client.post(url, {"members": [outsider.pk]})
    assert response.status_code == 400
    assert not Registration.objects.filter(user=outsider).exists()


def test_only_coordinators_register_members(client, setup):
    client.force_login(UserFactory())
    url = reverse("events:event-register-members", kwargs={"slug": setup.event.slug})
    assert client.get(url).status_code == 403


def test_reminders_go_once_to_confirmed_registrants_of_events_starting_soon(
    django_capture_on_commit_callbacks,
):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    soon = EventFactory(title="Besok pagi")
    soon.start = timezone.now() + datetime.timedelta(hours=20)
    soon.end = soon.start + datetime.timedelta(hours=2)
    event_save(soon)
    later = EventFactory(title="Minggu depan")  # seven days ahead
    soon_setup = RegistrationSetup.objects.create(event=soon, capacity=1)
    later_setup = RegistrationSetup.objects.create(event=later, capacity=1)
    seated, waiting, other = UserFactory(), UserFactory(), UserFactory()
    services.register_user(setup=soon_setup, user=seated)
    services.register_user(setup=soon_setup, user=waiting)
    services.register_user(setup=later_setup, user=other)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[seated.email]]
    assert mail.outbox[0].subject == "Pengingat: Besok pagi"
    calendar = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert calendar.walk("VEVENT")[0]["SUMMARY"] == "Besok pagi"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 0
    assert len(mail.outbox) == 1
