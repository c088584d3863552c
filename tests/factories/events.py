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

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.add(*extracted)
