import datetime
import zoneinfo

import factory
from django.utils import timezone

from tests.factories.files import pdf_upload
from tests.factories.partners import InstitutionFactory
from tests.factories.portal import UserFactory
from visits.choices import VisitState
from visits.models import (
    ClosedDate,
    OpeningHours,
    PreferredSlot,
    Topic,
    Venue,
    VisitMessage,
    VisitRequest,
    VisitTransition,
)

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def wib(day, hour=9, minute=0):
    """An aware datetime on ``day`` at ``hour``:``minute`` Bandung time."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WIB)


def weekday_after(days, weekday=1):
    """The first ``weekday`` (Monday = 0) at least ``days`` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


class VenueFactory(factory.django.DjangoModelFactory):
    """A venue open Monday to Friday 08:00-16:00 (WIB), one visit at a time."""

    class Meta:
        model = Venue
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ruang Kunjungan {n}")
    address = "Jl. Telekomunikasi No. 1, Bandung"
    max_group_size = 40
    concurrent_visits = 1
    default_duration = datetime.timedelta(hours=2)
    min_lead_days = 14
    max_ahead_days = 180

    @factory.post_generation
    def hours(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for weekday in range(5):
            OpeningHours.objects.create(
                venue=obj, weekday=weekday, opens=datetime.time(8), closes=datetime.time(16)
            )


class ClosedDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosedDate

    venue = None
    date = factory.LazyFunction(lambda: weekday_after(30))
    reason = "Hari libur nasional"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topik-{n}")
    name_id = factory.Sequence(lambda n: f"Topik {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class VisitRequestFactory(factory.django.DjangoModelFactory):
    """A submitted request of 10 people with one preferred slot three weeks ahead."""

    class Meta:
        model = VisitRequest
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    requester = factory.SubFactory(UserFactory)
    contact_name = "Nur Aisyah"
    contact_email = factory.Sequence(lambda n: f"kontak{n}@mitra.example")
    contact_phone = "+62 811 0000 000"
    purpose = "Belajar tata kelola perpustakaan digital."
    group_size = 10
    leaders_count = 2
    librarians_count = 8
    request_letter = factory.LazyFunction(pdf_upload)
    state = VisitState.SUBMITTED

    @factory.post_generation
    def slots(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for position, (start, end) in enumerate(extracted or [], start=1):
            PreferredSlot.objects.create(request=obj, position=position, start=start, end=end)
        if extracted is None:
            day = weekday_after(21)
            PreferredSlot.objects.create(
                request=obj, position=1, start=wib(day, 9), end=wib(day, 11)
            )

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            VisitTransition.objects.create(
                request=obj, from_state="", to_state=VisitState.SUBMITTED, actor=obj.requester
            )


class ScheduledVisitFactory(VisitRequestFactory):
    state = VisitState.SCHEDULED
    venue = factory.SubFactory(VenueFactory)
    venue_place = 1
    scheduled_start = factory.LazyFunction(lambda: wib(weekday_after(21), 9))
    scheduled_end = factory.LazyAttribute(lambda o: o.scheduled_start + datetime.timedelta(hours=2))
    sequence = 1


class VisitMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitMessage

    request = factory.SubFactory(VisitRequestFactory)
    author = factory.LazyAttribute(lambda o: o.request.requester)
    body = "Apakah kami boleh membawa dua mahasiswa tambahan?"
