import pytest
from django.contrib.auth.models import Group

from tests.factories.partners import InstitutionFactory, MembershipFactory
from tests.factories.portal import UserFactory


@pytest.fixture
def staff_user(db):
    return UserFactory(groups=[Group.objects.get(name="Cooperation staff")])


@pytest.fixture
def institution_a(db):
    return InstitutionFactory(name="Perpustakaan Alfa", slug="alfa")


@pytest.fixture
def institution_b(db):
    return InstitutionFactory(name="Perpustakaan Beta", slug="beta")


@pytest.fixture
def coordinator_a(institution_a):
    return MembershipFactory(institution=institution_a, role="coordinator").user


@pytest.fixture
def member_a(institution_a):
    return MembershipFactory(institution=institution_a).user


@pytest.fixture
def member_b(institution_b):
    return MembershipFactory(institution=institution_b).user
