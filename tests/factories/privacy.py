import datetime

import factory

from portal.models import AuditEvent, ConsentPurpose, ConsentRecord, PrivacyNotice


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    action = "agreement_document.download"
    actor_label = factory.LazyAttribute(lambda event: event.actor.email if event.actor else "")
    actor = None
    target_repr = factory.Sequence(lambda n: f"Perjanjian {n}")
    ip = "192.0.2.10"


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNotice

    version = factory.Sequence(lambda n: f"2025.{n + 1}")
    effective_date = factory.LazyFunction(lambda: datetime.date(2025, 1, 1))
    title_id = "Pemberitahuan privasi"
    title_en = "Privacy notice"
    body_id = "<p>Kami menjaga data Anda.</p>"
    body_en = "<p>We look after your data.</p>"


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    user = factory.SubFactory("tests.factories.portal.UserFactory")
    notice = factory.SubFactory(PrivacyNoticeFactory)
    purpose = ConsentPurpose.SIGNUP
    ip = "192.0.2.20"
    user_agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
