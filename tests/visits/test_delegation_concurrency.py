import threading

import pytest
from django.db import connections

from tests.factories.partners import MembershipFactory
from tests.factories.visits import ScheduledVisitFactory
from visits.models import VisitParticipant
from visits.services import delegation

THREADS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_adding_at_once_never_go_over_the_group_size():
    visit = ScheduledVisitFactory(group_size=3, leaders_count=1, librarians_count=2)
    members = [MembershipFactory(institution=visit.institution).user for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def add(index, member):
        try:
            barrier.wait()
            try:
                delegation.participant_add(
                    visit=visit, actor=member, data={"name": f"Peserta {index}"}
                )
            except delegation.DelegationError as error:
                outcomes.append(("refused", error.messages[0]))
            else:
                outcomes.append(("added", index))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=pair) for pair in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == THREADS
    assert [kind for kind, _ in outcomes].count("added") == 3
    refusals = [message for kind, message in outcomes if kind == "refused"]
    assert len(refusals) == THREADS - 3
    assert all("mengajukan rombongan 3 orang" in message for message in refusals)
    assert VisitParticipant.objects.filter(request=visit).count() == 3
