import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from tests.factories import UserFactory
from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.visits import VenueFactory
from tests.factories.visits_reports import HeldVisitFactory


@pytest.fixture(autouse=True)
def _indonesian():
    """Each test starts in the default language (a request under /en/ leaves English active)."""
    with translation.override("id"):
        yield


@pytest.fixture
def venue(db):
    return VenueFactory(name="Open Library Telkom University")


@pytest.fixture
def staff_user(db):
    return UserFactory(
        full_name="Dewi Kartika", groups=[Group.objects.get(name="Cooperation staff")]
    )


@pytest.fixture
def institution_a(db):
    return InstitutionFactory(name="Poltekes Banjarmasin", short_name="Poltekes Banjarmasin")


@pytest.fixture
def institution_b(db):
    return InstitutionFactory(name="Perpustakaan Kota Lain")


@pytest.fixture
def member_a(institution_a):
    return MembershipFactory(institution=institution_a, user__full_name="Nur Aisyah").user


@pytest.fixture
def member_b(institution_b):
    return MembershipFactory(institution=institution_b, user__full_name="Budi Santoso").user


@pytest.fixture
def signed_in_a(client, member_a, institution_a, venue):
    client.force_login(member_a)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def held_visit(institution_a, member_a):
    """A visit of institution A, held (its time has passed), waiting for its report."""
    return HeldVisitFactory(institution=institution_a, requester=member_a, group_size=10)
