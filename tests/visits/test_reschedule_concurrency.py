"""Two staff members moving two scheduled visits into the same free time at
once (PostgreSQL, threads): one move wins, the other is refused with a
message naming the visit that took the time."""

import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connections

from tests.factories import UserFactory
from tests.factories.visits import ScheduledVisitFactory, VenueFactory, weekday_after, wib
from visits.models import VisitRequest
from visits.services import workflow


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_moves_into_one_time_move_one_visit():
    venue = VenueFactory(concurrent_visits=1)
    group, _ = Group.objects.get_or_create(name="Cooperation staff")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="visits", codename="review_visitrequest")
    )
    staff = [UserFactory(groups=[group]) for _ in range(2)]
    visits = [
        ScheduledVisitFactory(
            venue=venue,
            scheduled_start=wib(weekday_after(21 + 7 * index), 9),
            scheduled_end=wib(weekday_after(21 + 7 * index), 11),
        )
        for index in range(2)
    ]
    target = weekday_after(42)
    barrier = threading.Barrier(2)
    outcomes = []

    def move(actor, visit):
        try:
            barrier.wait()
            try:
                workflow.visit_request_reschedule(
                    visit=visit,
                    actor=actor,
                    start=wib(target, 13),
                    end=wib(target, 15),
                    reason="Narasumber berhalangan.",
                )
            except workflow.SlotUnavailable as error:
                outcomes.append(("refused", visit.pk, error.message))
            else:
                outcomes.append(("moved", visit.pk, ""))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=pair) for pair in zip(staff, visits, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _pk, _message in outcomes) == ["moved", "refused"]
    [(_kind, winner_pk, _)] = [o for o in outcomes if o[0] == "moved"]
    [(_kind, loser_pk, message)] = [o for o in outcomes if o[0] == "refused"]
    winner = VisitRequest.objects.get(pk=winner_pk)
    loser = VisitRequest.objects.get(pk=loser_pk)
    assert winner.reference in message
    assert winner.scheduled_start == wib(target, 13)
    assert loser.scheduled_start != wib(target, 13)
    assert loser.sequence == 1 and winner.sequence == 2
    assert loser.transitions.filter(kind="rescheduled").count() == 0
