"""The staff screens keep their lists of colleagues, venues and institutions
(and the rendered filters) in the shared cache: a change shows on the next
page, a filter in use shows its own choice, and a second look reads no list
(issue 17)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.partners import InstitutionFactory
from tests.factories.visits import VenueFactory, VisitRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def request_page(client, visit):
    response = client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def listing(client, **filters):
    response = client.get(reverse("visit_requests:index"), filters)
    assert response.status_code == 200
    return response.content.decode()


def test_a_colleague_is_offered_as_soon_as_they_join_and_leaves_with_their_account(
    staff_client, staff_user, venue
):
    visit = VisitRequestFactory()
    assert ">Rina Handayani</option>" not in request_page(staff_client, visit)
    rina = UserFactory(full_name="Rina Handayani")
    rina.groups.add(Group.objects.get(name="Cooperation staff"))
    assert request_page(staff_client, visit).count(">Rina Handayani</option>") == 2
    assert ">Rina Handayani</option>" in listing(staff_client)  # "Handled by" filter
    rina.full_name = "Rina H. Putri"
    rina.save()
    assert request_page(staff_client, visit).count(">Rina H. Putri</option>") == 2
    rina.is_active = False
    rina.save()
    assert ">Rina H. Putri</option>" not in request_page(staff_client, visit)


def test_a_new_venue_is_offered_at_once(staff_client, venue):
    visit = VisitRequestFactory()
    request_page(staff_client, visit)
    VenueFactory(name="Ruang Baca Anak")
    assert ">Ruang Baca Anak</option>" in request_page(staff_client, visit)


def test_a_second_look_at_a_request_reads_no_list(staff_client, staff_user, venue):
    visit = VisitRequestFactory()
    request_page(staff_client, visit)
    with CaptureQueriesContext(connection) as queries:
        html = request_page(staff_client, visit)
    assert html.count(">Dewi Kartika</option>") == 2
    assert ">Open Library Telkom University</option>" in html
    lists = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(('SELECT DISTINCT "portal_user"', 'SELECT "visits_venue"."id"'))
    ]
    assert lists == []


def test_the_institution_filter_shows_a_new_institution_and_the_one_chosen(staff_client):
    first = VisitRequestFactory(institution=InstitutionFactory(name="Perpustakaan Alfa"))
    assert ">Perpustakaan Alfa</option>" in listing(staff_client)
    second = VisitRequestFactory(institution=InstitutionFactory(name="Perpustakaan Beta"))
    html = listing(staff_client)
    assert ">Perpustakaan Beta</option>" in html
    chosen = listing(staff_client, institution=second.institution.pk)
    assert f'<option value="{second.institution.pk}" selected>Perpustakaan Beta</option>' in chosen
    assert second.reference in chosen and first.reference not in chosen
    # The next unfiltered look selects nothing again.
    assert " selected>Perpustakaan Beta" not in listing(staff_client)
