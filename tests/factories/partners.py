import datetime

import factory

from partners.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    Institution,
    InstitutionKind,
    Membership,
    PartnerActivity,
    PartnerActivityKind,
)
from partners.provinces import Province
from tests.factories.files import pdf_upload
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


class AgreementDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementDocument

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Dokumen {n}")
    file = factory.LazyFunction(lambda: pdf_upload("perjanjian.pdf"))


class PartnerActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerActivity

    agreement = factory.SubFactory(AgreementFactory)
    kind = PartnerActivityKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Lokakarya {n}")
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    participants = 20
    evidence_url = "https://openlibrary.example/berita/lokakarya/"
