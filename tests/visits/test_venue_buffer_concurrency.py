"""Two staff members scheduling two requests into times that overlap only
through the venue's buffers, at the same moment (PostgreSQL, threads): one
visit is scheduled, the other is refused with a message naming it and
saying the buffers overlap."""

import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connections

from tests.factories import UserFactory
from tests.factories.visits import VenueFactory, VisitRequestFactory, weekday_after, wib
from visits.choices import VisitState
from visits.models import VisitRequest
from visits.services import workflow


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_scheduling_into_each_others_buffers_at_once_book_one_visit():
    venue = VenueFactory(setup_minutes=30, teardown_minutes=15)
    group, _ = Group.objects.get_or_create(name="Cooperation staff")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="visits", codename="review_visitrequest")
    )
    staff = [UserFactory(groups=[group]) for _ in range(2)]
    visits = [VisitRequestFactory() for _ in range(2)]
    day = weekday_after(21)
    # 09:00-11:00 and 11:30-13:00: clear of each other, not of the 15 + 30
    # minutes of buffers between them.
    times = [(wib(day, 9), wib(day, 11)), (wib(day, 11, 30), wib(day, 13))]
    barrier = threading.Barrier(2)
    outcomes = []

    def schedule(actor, visit, start, end):
        try:
            barrier.wait()
            try:
                workflow.visit_request_schedule(
                    visit=visit, actor=actor, venue=venue, start=start, end=end
                )
            except workflow.SlotUnavailable as error:
                outcomes.append(("refused", visit.pk, error.message))
            else:
                outcomes.append(("scheduled", visit.pk, ""))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=schedule, args=(actor, visit, *slot))
        for actor, visit, slot in zip(staff, visits, times, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _pk, _message in outcomes) == ["refused", "scheduled"]
    [(_kind, winner_pk, _)] = [o for o in outcomes if o[0] == "scheduled"]
    [(_kind, loser_pk, message)] = [o for o in outcomes if o[0] == "refused"]
    winner = VisitRequest.objects.get(pk=winner_pk)
    assert winner.reference in message
    assert "termasuk waktu persiapan dan beres-beres" in message
    assert VisitRequest.objects.get(pk=loser_pk).state == VisitState.SUBMITTED
    assert VisitRequest.objects.filter(state=VisitState.SCHEDULED).count() == 1
