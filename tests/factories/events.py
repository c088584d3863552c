import datetime

import factory
from django.utils import timezone

from partners.events.choices import EventKind, EventMode
from partners.events.models import Event


def in_days(days, *, hour=9, zone="Asia/Jakarta"):
    from zoneinfo import ZoneInfo

    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(zone))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lokakarya literasi {n}")
    summary = "Belajar bersama tentang literasi kesehatan."
    kind = EventKind.WORKSHOP
    mode = EventMode.ON_SITE
    venue = "Open Library, Telkom University"
    address = "Jl. Telekomunikasi No. 1, Bandung"
    time_zone = "Asia/Jakarta"
    start = factory.LazyAttribute(lambda o: in_days(7, zone=o.time_zone))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as the admin and the demo save events: through event_save."""
        from partners.events.services import event_save

        return event_save(model_class(*args, **kwargs))

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.add(*extracted)
