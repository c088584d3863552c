import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from tests.factories.visits import ScheduledVisitFactory, VenueFactory, VisitRequestFactory, wib
from visits.choices import TRANSITIONS, VisitState, can_transition
from visits.models import OpeningHours

pytestmark = pytest.mark.django_db


def test_group_make_up_must_add_up_to_group_size_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitRequestFactory(group_size=12, leaders_count=2, librarians_count=8)


def test_scheduled_visit_needs_venue_and_times_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitRequestFactory(state=VisitState.SCHEDULED)


def test_opening_hours_must_close_after_opening():
    venue = VenueFactory(hours=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(
            venue=venue, weekday=0, opens=datetime.time(12), closes=datetime.time(9)
        )


def test_reference_number_uses_the_year_and_id():
    visit = VisitRequestFactory()
    assert (
        visit.reference
        == f"KB-{visit.created_at.astimezone(wib(visit.created_at.date()).tzinfo):%Y}-{visit.pk:05d}"
    )


def test_final_states_allow_no_further_transition():
    for state in (VisitState.REPORTED, VisitState.DECLINED, VisitState.CANCELLED):
        assert TRANSITIONS[state] == set()
    assert can_transition(VisitState.SUBMITTED, VisitState.SCHEDULED)
    assert not can_transition(VisitState.SUBMITTED, VisitState.COMPLETED)
    assert not can_transition(VisitState.CANCELLED, VisitState.SCHEDULED)


@pytest.mark.postgres
def test_postgres_refuses_two_visits_in_one_place_at_overlapping_times():
    visit = ScheduledVisitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledVisitFactory(
            venue=visit.venue,
            scheduled_start=visit.scheduled_start + datetime.timedelta(hours=1),
            scheduled_end=visit.scheduled_end + datetime.timedelta(hours=1),
        )
    constraints = connection.introspection.get_constraints(
        connection.cursor(), "visits_visitrequest"
    )
    assert "visits_visitrequest_no_double_booking" in constraints
