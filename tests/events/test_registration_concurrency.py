"""Seats are counted in the database: fifty people signing up at the same
moment for ten seats end as ten confirmed and forty waiting, none lost."""

import threading

import pytest
from django.db import connections

from partners.events import registration as services
from partners.events.models import Registration, RegistrationSetup, RegistrationStatus
from tests.factories import UserFactory
from tests.factories.events import EventFactory

THREADS = 50
SEATS = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_for_ten_seats_confirm_exactly_ten():
    setup = RegistrationSetup.objects.create(event=EventFactory(), capacity=SEATS)
    users = [UserFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes = []
    errors = []

    def sign_up(user):
        try:
            barrier.wait()
            registration, _created = services.register_user(setup=setup, user=user)
            outcomes.append(registration.status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(outcomes).count("confirmed") == SEATS
    assert sorted(outcomes).count("waitlisted") == THREADS - SEATS
    stored = Registration.objects.filter(setup=setup)
    assert stored.count() == THREADS
    assert stored.filter(status=RegistrationStatus.CONFIRMED).count() == SEATS
    assert stored.filter(status=RegistrationStatus.WAITLISTED).count() == THREADS - SEATS
    # The waiting list has a strict order, and a cancellation promotes its head.
    first_waiting = services_first_waiting(setup)
    services.cancel(stored.filter(status=RegistrationStatus.CONFIRMED).first())
    first_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert stored.filter(status=RegistrationStatus.CONFIRMED).count() == SEATS


def services_first_waiting(setup):
    return (
        Registration.objects.filter(setup=setup, status=RegistrationStatus.WAITLISTED)
        .order_by("queued_at", "pk")
        .first()
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_for_one_date_of_a_series_confirm_exactly_ten():
    """Sign-up per date: ten seats on one date; a second date keeps its own seats."""
    from partners.events import registration_selectors as selectors

    event = EventFactory(rrule="FREQ=WEEKLY;COUNT=4")
    setup = RegistrationSetup.objects.create(event=event, capacity=SEATS, per_occurrence=True)
    first, second = selectors.upcoming_seatings(setup, with_counts=False)[:2]
    users = [UserFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes = []
    errors = []

    def sign_up(user):
        try:
            barrier.wait()
            registration, _created = services.register_user(setup=setup, user=user, seating=first)
            outcomes.append(registration.status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert outcomes.count("confirmed") == SEATS
    assert outcomes.count("waitlisted") == THREADS - SEATS
    stored = Registration.objects.filter(setup=setup, occurrence_start=first.key)
    assert stored.count() == THREADS
    assert stored.filter(status=RegistrationStatus.CONFIRMED).count() == SEATS
    # The other date is untouched: the next person gets a seat there.
    registration, _created = services.register_user(setup=setup, user=users[-1], seating=second)
    assert registration.status == RegistrationStatus.CONFIRMED
