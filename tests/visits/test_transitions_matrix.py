"""Every (state, action) pair of the visit workflow against ``TRANSITIONS``.

Each action is the service that moves a request to one state. From a state
whose ``TRANSITIONS`` entry holds that target the action succeeds, records
one ``VisitTransition`` and leaves the request in the target state; from
any other state it is refused with the documented ``TransitionError`` and
changes nothing.
"""

import datetime

import pytest
from django.utils import timezone, translation

from tests.factories.visits import VisitRequestFactory, weekday_after, wib
from tests.factories.visits_reports import VisitReportFactory
from visits.choices import BOOKED_STATES, TRANSITIONS, VisitState
from visits.models import VisitRequest, VisitTransition
from visits.services import submission, workflow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def _resubmit(visit, staff, member, venue):
    return submission.visit_request_resubmit(
        visit=visit, actor=member, data={}, topics=[], slots=[], note="Sudah diperbaiki."
    )


def _start_review(visit, staff, member, venue):
    return workflow.visit_request_start_review(visit=visit, actor=staff)


def _request_changes(visit, staff, member, venue):
    return workflow.visit_request_request_changes(
        visit=visit, actor=staff, note="Mohon lampirkan daftar peserta."
    )


def _schedule(visit, staff, member, venue):
    day = weekday_after(21)
    return workflow.visit_request_schedule(
        visit=visit, actor=staff, venue=venue, start=wib(day, 9), end=wib(day, 11)
    )


def _ask_change(visit, staff, member, venue):
    day = weekday_after(35)
    return submission.visit_request_ask_change(
        visit=visit, actor=member, slots=[(wib(day, 9), wib(day, 11))], reason="Ujian akhir."
    )


def _complete(visit, staff, member, venue):
    return workflow.visit_request_complete(visit=visit, actor=staff)


def _mark_reported(visit, staff, member, venue):
    VisitReportFactory(request=visit)  # a visit is reported with its report
    return workflow.visit_request_mark_reported(visit=visit, actor=staff)


def _decline(visit, staff, member, venue):
    return workflow.visit_request_decline(
        visit=visit, actor=staff, reason="Ruang sedang direnovasi."
    )


def _cancel(visit, staff, member, venue):
    return workflow.visit_request_cancel(visit=visit, actor=staff, reason="Jadwal bentrok.")


# action -> (the state it moves a request to, the service call)
ACTIONS = {
    "resubmit": (VisitState.SUBMITTED, _resubmit),
    "start_review": (VisitState.UNDER_REVIEW, _start_review),
    "ask_change": (VisitState.UNDER_REVIEW, _ask_change),
    "request_changes": (VisitState.CHANGES_REQUESTED, _request_changes),
    "schedule": (VisitState.SCHEDULED, _schedule),
    "complete": (VisitState.COMPLETED, _complete),
    "mark_reported": (VisitState.REPORTED, _mark_reported),
    "decline": (VisitState.DECLINED, _decline),
    "cancel": (VisitState.CANCELLED, _cancel),
}


# Two ways lead back to review: staff take up a submitted request, the
# partner asks for another time for a scheduled visit.
ONLY_FROM = {
    "start_review": {VisitState.SUBMITTED},
    "ask_change": {VisitState.SCHEDULED},
}


def _allowed(state, action):
    target, _call = ACTIONS[action]
    return target in TRANSITIONS[state] and state in ONLY_FROM.get(action, {state})


def test_every_target_state_has_an_action():
    targets = {target for targets in TRANSITIONS.values() for target in targets}
    assert set(TRANSITIONS) == set(VisitState)
    assert targets <= {target for target, _ in ACTIONS.values()}
    for state, targets in TRANSITIONS.items():
        for target in targets:
            assert any(
                _allowed(state, action) for action, (to, _) in ACTIONS.items() if to == target
            ), (state, target)


def _visit_in(state, action, *, institution, requester, venue):
    """A request in ``state``; a booked one is held already when it is to be
    marked as held, otherwise three weeks ahead."""
    fields = {}
    if state in BOOKED_STATES:
        if action == "complete":
            start = timezone.now() - datetime.timedelta(days=2)
        else:
            start = wib(weekday_after(28), 13)
        fields = {
            "venue": venue,
            "venue_place": 1,
            "scheduled_start": start,
            "scheduled_end": start + datetime.timedelta(hours=2),
            "sequence": 1,
        }
    return VisitRequestFactory(state=state, institution=institution, requester=requester, **fields)


def _refusal(state, target, action):
    if action == "resubmit":
        return "This request can only be edited while changes are requested."
    return (
        f"A request that is “{VisitState(state).label}” cannot become “{VisitState(target).label}”."
    )


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("state", list(VisitState))
def test_transition_matrix(state, action, staff_user, member_a, institution_a, venue):
    target, call = ACTIONS[action]
    visit = _visit_in(state, action, institution=institution_a, requester=member_a, venue=venue)
    recorded = VisitTransition.objects.filter(request=visit).count()

    if _allowed(state, action):
        result = call(visit, staff_user, member_a, venue)

        assert result.state == target
        assert VisitRequest.objects.get(pk=visit.pk).state == target
        last = VisitTransition.objects.filter(request=visit).latest("pk")
        assert (last.from_state, last.to_state) == (state, target)
        assert VisitTransition.objects.filter(request=visit).count() == recorded + 1
    else:
        with translation.override("en"), pytest.raises(workflow.TransitionError) as refused:
            call(visit, staff_user, member_a, venue)

        with translation.override("en"):
            assert str(refused.value.message) == _refusal(state, target, action)
        assert VisitRequest.objects.get(pk=visit.pk).state == state
        assert VisitTransition.objects.filter(request=visit).count() == recorded
