"""Reads of visit requests that depend on who is asking (the partner side and
the other apps' extension points; the staff screens read through
``visits.selectors.staff``)."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, Q

from partners.models import Agreement, Institution
from portal import page_cache
from visits.choices import HELD_STATES, VisitState
from visits.models import (
    ReplyLetter,
    Topic,
    Venue,
    VisitFeedback,
    VisitMessage,
    VisitRequest,
    VisitTransition,
)


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
    return VisitRequest.objects.filter(institution=institution, state__in=HELD_STATES).count()


def public_venues():
    """Active venues with their opening hours (the public pages and the request form)."""
    return Venue.objects.active().prefetch_related("opening_hours")


def active_topics():
    """The topics a request may choose."""
    return Topic.objects.filter(is_active=True)


def request_form_choices():
    """(venues, topics) the request form offers, as lists kept in the shared
    cache until a record of the visits app changes (portal.page_cache)."""
    return page_cache.cached_fragment(
        "visit-request-choices",
        ("visits",),
        lambda: (list(public_venues()), list(active_topics())),
    )


def agreements_for_institutions(institutions):
    """The agreements of any of ``institutions``, each once (the request form's choices)."""
    return Agreement.objects.filter(partners__in=[i.pk for i in institutions]).distinct()


def agreement_covers(agreement, institution):
    """Whether ``institution`` is one of the agreement's partners."""
    return agreement.partners.filter(pk=institution.pk).exists()


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


def visit_request_for_key(key, institutions):
    """The request an earlier copy of the same form created for one of ``institutions``."""
    return VisitRequest.objects.filter(idempotency_key=key, institution__in=institutions).first()


def visit_request_for_feedback(user, pk):
    """A request of one of the user's institutions, for its feedback page, or None."""
    return (
        VisitRequest.objects.for_institutions(Institution.objects.for_user(user))
        .select_related("institution", "venue")
        .filter(pk=pk)
        .first()
    )


def feedback_of_visit(visit):
    return VisitFeedback.objects.filter(request=visit).select_related("author").first()


def visit_request_by_pk(pk):
    """One request by id, or None: for readers who may see every request (staff)."""
    return VisitRequest.objects.filter(pk=pk).first()


def held_visits_for_agreements(agreement_ids, *, start=None, end=None):
    """Visits held under the agreements, in time order, with a day's margin
    around ``start``/``end`` for the venues' zones (the caller narrows to
    local days), so a visit stored far outside the period is never read."""
    visits = (
        VisitRequest.objects.filter(agreement_id__in=agreement_ids, state__in=HELD_STATES)
        .select_related("institution", "venue", "report_article", "report", "agreement")
        .order_by("scheduled_start")
    )
    if start:
        visits = visits.filter(
            scheduled_start__gte=datetime.datetime.combine(
                start, datetime.time(), tzinfo=datetime.UTC
            )
            - datetime.timedelta(days=1)
        )
    if end:
        visits = visits.filter(
            scheduled_start__lt=datetime.datetime.combine(end, datetime.time(), tzinfo=datetime.UTC)
            + datetime.timedelta(days=2)
        )
    return visits


def partner_reply_letter(visit):
    """The reply letter a partner sees for ``visit`` (already checked to be
    theirs): the current one of a booked visit, else None."""
    if not visit.is_booked:
        return None
    return ReplyLetter.objects.current().filter(request=visit).exclude(file="").first()


def visit_report_of(visit):
    """The visit's report (loaded with ``select_related("report")``), or None."""
    try:
        return visit.report
    except ObjectDoesNotExist:
        return None
