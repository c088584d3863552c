"""The agreements listing's partner and scope filters are kept rendered in
the shared cache (issue 17): a new institution is offered at once, the one
chosen shows chosen, and a second look reads neither list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.partners import AgreementFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def listing(client, **filters):
    response = client.get(reverse("partners_agreements:index"), filters)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_partner_is_offered_at_once_and_the_chosen_one_is_selected(
    staff_client, institution_a
):
    AgreementFactory(partners=[institution_a], title="Kerja sama Alfa")
    assert f">{institution_a.name}</option>" in listing(staff_client)
    newcomer = InstitutionFactory(name="Perpustakaan Gamma")
    AgreementFactory(partners=[newcomer], title="Kerja sama Gamma")
    assert ">Perpustakaan Gamma</option>" in listing(staff_client)
    chosen = listing(staff_client, partners=newcomer.pk)
    assert f'<option value="{newcomer.pk}" selected>Perpustakaan Gamma</option>' in chosen
    assert "Kerja sama Gamma" in chosen and "Kerja sama Alfa" not in chosen
    assert " selected>Perpustakaan Gamma" not in listing(staff_client)


def test_a_second_look_reads_neither_list(staff_client, institution_a):
    AgreementFactory(partners=[institution_a])
    listing(staff_client)
    with CaptureQueriesContext(connection) as queries:
        listing(staff_client)
    reads = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(('SELECT "partners_scopearea"', 'SELECT "partners_institution"'))
    ]
    assert reads == []
