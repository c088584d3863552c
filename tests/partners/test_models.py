import datetime

import pytest

from partners.models import AgreementState, Institution
from partners.provinces import WIB, WIT, WITA, Province
from tests.factories.partners import AgreementFactory, InstitutionFactory, MembershipFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("province", "zone"),
    [(Province.WEST_JAVA, WIB), (Province.SOUTH_KALIMANTAN, WITA), (Province.PAPUA, WIT)],
)
def test_institution_time_zone_follows_its_province_unless_set(province, zone):
    institution = InstitutionFactory(province=province)
    assert institution.effective_time_zone == zone
    institution.time_zone = "Asia/Tokyo"
    assert institution.effective_time_zone == "Asia/Tokyo"


def test_slug_is_unique_and_readable():
    first = InstitutionFactory(
        name="Poltekes Kemenkes Banjarmasin", short_name="Poltekes Banjarmasin"
    )
    second = InstitutionFactory(
        name="Poltekes Kemenkes Banjarmasin", short_name="Poltekes Banjarmasin"
    )
    assert first.slug == "poltekes-banjarmasin"
    assert second.slug == "poltekes-banjarmasin-2"


def test_public_lists_only_verified_unarchived_institutions():
    shown = InstitutionFactory()
    InstitutionFactory(is_verified=False)
    InstitutionFactory(archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert list(Institution.objects.public()) == [shown]


def test_for_user_counts_only_active_memberships():
    user = UserFactory()
    active = MembershipFactory(user=user).institution
    MembershipFactory(user=user, state="pending")
    MembershipFactory(user=user, state="revoked")
    assert list(Institution.objects.for_user(user)) == [active]


@pytest.mark.parametrize(
    ("dates", "state"),
    [
        ({"signed_on": None}, AgreementState.DRAFT),
        ({"start_date": TODAY + datetime.timedelta(days=1)}, AgreementState.DRAFT),
        ({"end_date": TODAY + datetime.timedelta(days=400)}, AgreementState.ACTIVE),
        ({"end_date": TODAY + datetime.timedelta(days=90)}, AgreementState.EXPIRING),
        ({"end_date": TODAY}, AgreementState.EXPIRING),
        ({"end_date": TODAY - datetime.timedelta(days=1)}, AgreementState.EXPIRED),
        ({"terminated_on": TODAY, "termination_reason": "x"}, AgreementState.TERMINATED),
    ],
)
def test_agreement_state_is_derived_from_its_dates(dates, state):
    values = {
        "signed_on": TODAY - datetime.timedelta(days=10),
        "start_date": TODAY - datetime.timedelta(days=10),
        "end_date": None,
    } | dates
    agreement = AgreementFactory.build(**values)
    assert agreement.state_on(TODAY) == state
