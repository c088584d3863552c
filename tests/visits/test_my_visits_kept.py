""" "My visits" keeps its table until a visit or partner record changes
(``{% private_fragment %}``, issue 17); what the partner reads stays current."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.visits import VisitRequestFactory
from visits.services import workflow

pytestmark = pytest.mark.django_db

URL = "/kunjungan-saya/"


def test_a_decision_of_the_staff_shows_on_the_next_look(
    signed_in_a, institution_a, staff_user, django_capture_on_commit_callbacks
):
    visit = VisitRequestFactory(institution=institution_a)
    assert "Diajukan" in signed_in_a.get(URL).text  # kept now

    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_start_review(visit=visit, actor=staff_user)

    html = signed_in_a.get(URL).text
    assert "Sedang ditinjau" in html
    assert "Diajukan" not in html


def test_a_new_request_of_a_colleague_shows_at_once(signed_in_a, institution_a):
    signed_in_a.get(URL)
    visit = VisitRequestFactory(institution=institution_a)
    assert visit.reference in signed_in_a.get(URL).text


def test_members_of_another_institution_never_get_the_kept_table(signed_in_a, institution_a):
    visit = VisitRequestFactory(institution=institution_a)
    assert visit.reference in signed_in_a.get(URL).text

    other = Client()
    other.force_login(MembershipFactory(institution=InstitutionFactory()).user)
    assert visit.reference not in other.get(URL).text


def test_a_kept_table_costs_the_session_the_user_and_the_count(signed_in_a, institution_a):
    VisitRequestFactory.create_batch(3, institution=institution_a)
    signed_in_a.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = signed_in_a.get(URL)
    assert response.text.count('class="visit-state ') == 3
    assert len(queries) <= 3, [query["sql"][:90] for query in queries]
