import factory

from portal.models import AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    action = "agreement_document.download"
    actor_label = factory.LazyAttribute(lambda event: event.actor.email if event.actor else "")
    actor = None
    target_repr = factory.Sequence(lambda n: f"Perjanjian {n}")
    ip = "192.0.2.10"
