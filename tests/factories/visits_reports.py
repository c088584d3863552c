import datetime

import factory
from django.utils import timezone
from wagtail_factories import ImageFactory

from tests.factories.visits import ScheduledVisitFactory, wib
from visits.choices import VisitState
from visits.models import VisitFeedback, VisitReport, VisitReportPhoto


def _past_start():
    day = timezone.localdate() - datetime.timedelta(days=10)
    return wib(day, 9)


class HeldVisitFactory(ScheduledVisitFactory):
    """A visit that took place ten days ago and staff marked as held."""

    state = VisitState.COMPLETED
    scheduled_start = factory.LazyFunction(_past_start)


class VisitReportFactory(factory.django.DjangoModelFactory):
    """A report on a held visit; pass ``request__state=...`` or a ``request`` of your own."""

    class Meta:
        model = VisitReport

    request = factory.SubFactory(HeldVisitFactory, state=VisitState.REPORTED)
    summary = (
        "Rombongan mempelajari layanan perpustakaan digital.\n\n"
        "Kedua pihak merencanakan program literasi bersama."
    )
    attendance_count = 12
    participants_note = "Direktur akademik, dosen dan pustakawan."
    recorded_at = factory.LazyFunction(timezone.now)


class VisitReportPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitReportPhoto

    report = factory.SubFactory(VisitReportFactory)
    image = factory.SubFactory(ImageFactory)
    caption = factory.Sequence(lambda n: f"Foto kunjungan {n}")
    sort_order = factory.Sequence(lambda n: n)


class VisitFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitFeedback

    request = factory.SubFactory(HeldVisitFactory)
    rating = 5
    comment = "Sangat bermanfaat."
    author = factory.LazyAttribute(lambda o: o.request.requester)
