import datetime

import factory

from partners.models import Agreement, AgreementKind, Institution, InstitutionKind, Membership
from partners.provinces import Province
from tests.factories.portal import UserFactory


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Perpustakaan Mitra {n}")
    kind = InstitutionKind.UNIVERSITY_LIBRARY
    city = "Bandung"
    province = Province.WEST_JAVA
    is_verified = True
    description = "Perpustakaan mitra."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Membership.Role.MEMBER
    state = Membership.State.ACTIVE


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = AgreementKind.MOU
    title = factory.Sequence(lambda n: f"Kerja sama {n}")
    signed_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    start_date = factory.LazyAttribute(lambda o: o.signed_on)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=5 * 365))

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.add(*extracted)
