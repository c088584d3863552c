import datetime
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connections

from tests.factories import UserFactory
from tests.factories.visits import VenueFactory, VisitRequestFactory, weekday_after, wib
from visits.choices import VisitState
from visits.models import VisitRequest
from visits.services import workflow

THREADS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_approvals_of_overlapping_slots_book_the_venue_once():
    venue = VenueFactory(concurrent_visits=1)
    # A transactional test may start after another one flushed the data
    # migrations made; permissions come back with the flush, groups do not.
    group, _ = Group.objects.get_or_create(name="Cooperation staff")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="visits", codename="review_visitrequest")
    )
    staff = UserFactory(groups=[group])
    visits = [VisitRequestFactory() for _ in range(THREADS)]
    day = weekday_after(21)
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def approve(index, visit):
        try:
            # Each thread starts at a different minute, so every pair overlaps.
            start = wib(day, 9) + datetime.timedelta(minutes=index)
            barrier.wait()
            try:
                workflow.visit_request_schedule(
                    visit=visit,
                    actor=staff,
                    venue=venue,
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                )
            except workflow.SlotUnavailable as error:
                outcomes.append(("refused", error.message))
            else:
                outcomes.append(("scheduled", visit.pk))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(index, visit)) for index, visit in enumerate(visits)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == THREADS
    winners = [value for kind, value in outcomes if kind == "scheduled"]
    refusals = [value for kind, value in outcomes if kind == "refused"]
    assert len(winners) == 1
    assert len(refusals) == THREADS - 1
    assert all("sudah penuh" in message for message in refusals)
    assert VisitRequest.objects.filter(state=VisitState.SCHEDULED).count() == 1
    assert VisitRequest.objects.get(pk=winners[0]).transitions.last().to_state == "scheduled"
