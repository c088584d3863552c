import factory

from tests.factories.visits import ScheduledVisitFactory
from visits.models import Attendance, VisitParticipant


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A listed participant of a scheduled visit, attendance not marked."""

    class Meta:
        model = VisitParticipant

    request = factory.SubFactory(ScheduledVisitFactory)
    name = factory.Sequence(lambda n: f"Peserta {n}")
    position = "Pustakawan"
    email = factory.Sequence(lambda n: f"peserta{n}@mitra.example")
    attendance = Attendance.UNMARKED
