"""Reads of visit requests that depend on who is asking."""

from django.db.models import Count, Prefetch, Q

from partners.models import Institution
from visits.choices import HELD_STATES, VisitState
from visits.models import Venue, VisitMessage, VisitRequest, VisitTransition


def member_institutions(user):
    """The verified institutions in which ``user`` is an active member."""
    return Institution.objects.for_user(user).filter(is_verified=True)


def visit_requests_for_user(user):
    """Requests of every institution the user is an active member of, newest first.

    Ready for a list: institution, venue and the first preferred time loaded
    with a fixed number of queries.
    """
    return (
        VisitRequest.objects.filter(institution__in=Institution.objects.for_user(user))
        .select_related("institution", "venue")
        .prefetch_related("preferred_slots")
        .annotate(message_count=Count("messages", distinct=True))
        .order_by("-created_at", "-pk")
    )


def visit_request_for_user(user, pk):
    """One request for its detail page, or ``None`` if the user may not see it."""
    return (
        VisitRequest.objects.filter(institution__in=Institution.objects.for_user(user), pk=pk)
        .select_related("institution", "venue", "host_staff", "requester", "agreement")
        .prefetch_related(
            "preferred_slots",
            "topics",
            Prefetch("transitions", VisitTransition.objects.select_related("actor")),
            Prefetch("messages", VisitMessage.objects.select_related("author")),
        )
        .first()
    )


def visit_requests_for_institution(institution, *, limit=5):
    return list(
        VisitRequest.objects.filter(institution=institution)
        .select_related("venue")
        .prefetch_related("preferred_slots")[:limit]
    )


def completed_visits_count(institution):
    return VisitRequest.objects.filter(
        institution=institution, state__in=(VisitState.COMPLETED, VisitState.REPORTED)
    ).count()


def public_venues():
    return Venue.objects.active().prefetch_related("opening_hours")


def scheduled_visits_for_institutions(institutions):
    """Scheduled visits, and cancelled ones that had a time, for private calendars."""
    return (
        VisitRequest.objects.filter(institution__in=institutions)
        .filter(
            Q(state__in=(VisitState.SCHEDULED, VisitState.COMPLETED, VisitState.REPORTED))
            | Q(state=VisitState.CANCELLED, scheduled_start__isnull=False)
        )
        .select_related("institution", "venue")
    )


def awaiting_report_count():
    """Held visits that still need their report (the staff dashboard's panel)."""
    return VisitRequest.objects.filter(state__in=HELD_STATES, report__isnull=True).count()
