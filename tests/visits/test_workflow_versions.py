"""Staff actions carry the version of the request their page showed; the
service checks it under its own lock (issue 12: no locking in the views)."""

import pytest

from tests.factories.visits import VisitRequestFactory
from visits.choices import VisitState
from visits.models import VisitTransition
from visits.services import workflow

pytestmark = pytest.mark.django_db


def test_an_action_with_the_current_version_is_applied(staff_user, institution_a):
    visit = VisitRequestFactory(institution=institution_a)
    workflow.visit_request_start_review(
        visit=visit, actor=staff_user, expected_version=workflow.version(visit)
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.UNDER_REVIEW


def test_an_action_with_a_stale_version_changes_nothing(staff_user, institution_a):
    visit = VisitRequestFactory(institution=institution_a)
    seen = workflow.version(visit)
    workflow.visit_request_start_review(visit=visit, actor=staff_user)
    transitions = VisitTransition.objects.filter(request=visit).count()
    with pytest.raises(workflow.StaleVersion) as raised:
        workflow.visit_request_decline(
            visit=visit, actor=staff_user, reason="Penuh.", expected_version=seen
        )
    visit.refresh_from_db()
    assert visit.state == VisitState.UNDER_REVIEW
    assert visit.decline_reason == ""
    assert VisitTransition.objects.filter(request=visit).count() == transitions
    # The message staff read on the request's page names the state it is in now.
    assert str(VisitState.UNDER_REVIEW.label) in raised.value.message
    assert raised.value.visit.state == VisitState.UNDER_REVIEW


def test_a_stale_version_is_a_transition_error(staff_user, institution_a):
    visit = VisitRequestFactory(institution=institution_a)
    with pytest.raises(workflow.TransitionError):
        workflow.visit_request_request_changes(
            visit=visit, actor=staff_user, note="Tambah surat.", expected_version="2000-01-01"
        )
