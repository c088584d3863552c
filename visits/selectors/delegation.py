"""Reads of a visit's named delegation (partner pages, staff screens, the
report, the statistics and the agreement's evidence)."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery

from visits.models import Attendance, VisitParticipant


def participants_of(visit):
    """The visit's participants in the order they were listed (one query)."""
    return list(VisitParticipant.objects.filter(request=visit).order_by("created_at", "pk"))


def participant_of(visit, participant_id):
    """One participant of ``visit``, or None (never another visit's)."""
    return VisitParticipant.objects.filter(request=visit, pk=participant_id).first()


@dataclass(frozen=True)
class Headcount:
    listed: int
    marked: int
    present: int

    @property
    def attendance_marked(self):
        return self.marked > 0


def headcount(participants):
    """Counts of an already loaded list of participants."""
    return Headcount(
        listed=len(participants),
        marked=sum(1 for p in participants if p.attendance),
        present=sum(1 for p in participants if p.is_present),
    )


def present_count_subquery(outer="pk"):
    """The number of participants marked present of the request ``outer`` names,
    NULL when nobody's attendance is marked (so a caller can fall back on the
    report or the announced group size)."""
    return Subquery(
        VisitParticipant.objects.filter(request=OuterRef(outer))
        .exclude(attendance=Attendance.UNMARKED)
        .order_by()
        .values("request")
        .annotate(present=Count("pk", filter=Q(attendance=Attendance.PRESENT)))
        .values("present"),
        output_field=IntegerField(),
    )


def present_counts(request_ids):
    """{request id: present} for the requests among ``request_ids`` whose
    attendance is marked (one query)."""
    rows = (
        VisitParticipant.objects.filter(request_id__in=list(request_ids))
        .exclude(attendance=Attendance.UNMARKED)
        .order_by()
        .values("request_id")
        .annotate(present=Count("pk", filter=Q(attendance=Attendance.PRESENT)))
    )
    return {row["request_id"]: row["present"] for row in rows}
