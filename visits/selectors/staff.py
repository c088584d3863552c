"""Reads for the staff screens of visits (``visits.admin``): each returns what
its screen shows, with the related rows it needs loaded up front."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone

from partners.models import Agreement, FollowUp, Institution
from portal import page_cache
from visits.choices import BOOKED_STATES, HELD_STATES
from visits.models import (
    AlertMode,
    PreferredSlot,
    ReplyLetter,
    Venue,
    VisitAlertPreference,
    VisitInternalNote,
    VisitMessage,
    VisitReport,
    VisitRequest,
    VisitTransition,
)
from visits.selectors.delegation import present_count_subquery

REVIEW_PERMISSION_CODENAME = "review_visitrequest"


def visit_request(pk):
    """One request by id, or None (staff see every request)."""
    return VisitRequest.objects.filter(pk=pk).first()


def visit_request_queue():
    """The staff's queue: every request with what its row shows (institution,
    venue, handler, preferred times) loaded in a fixed number of queries, and
    ``first_preferred`` (the earliest preferred start) to sort on."""
    return (
        VisitRequest.objects.select_related("institution", "venue", "handled_by")
        .prefetch_related(Prefetch("preferred_slots", PreferredSlot.objects.order_by("position")))
        .annotate(first_preferred=Min("preferred_slots__start"))
    )


def visit_request_for_staff(pk):
    """A request for its page in the admin, or None."""
    return (
        VisitRequest.objects.select_related(
            "institution",
            "requester",
            "venue",
            "host_staff",
            "handled_by",
            "entered_by",
            "agreement",
            "report",
        )
        .prefetch_related(
            "topics", Prefetch("preferred_slots", PreferredSlot.objects.order_by("position"))
        )
        .filter(pk=pk)
        .first()
    )


def visit_request_history(visit):
    return list(VisitTransition.objects.filter(request=visit).select_related("actor"))


def alert_mode(user):
    """How ``user`` wants to hear of partners' actions (immediate without a choice)."""
    preference = VisitAlertPreference.objects.filter(user=user).first()
    return preference.mode if preference else AlertMode.IMMEDIATE


def visit_request_internal_notes(visit):
    """The staff's internal notes on a request, oldest first (never shown to the partner)."""
    return list(VisitInternalNote.objects.filter(request=visit).select_related("author"))


def visit_request_thread(visit):
    return list(VisitMessage.objects.filter(request=visit).select_related("author"))


def active_venues():
    return Venue.objects.active()


def active_venue_list():
    """The active venues as a list kept in the shared cache until a visits
    record changes (venues are visits records): what a request's forms offer."""
    return page_cache.cached_fragment("active-venues", ("visits",), lambda: list(active_venues()))


def all_venues():
    return Venue.objects.all()


def institutions_for_recording():
    """Institutions staff may record a request for: verified, not archived."""
    return Institution.objects.public().order_by("name")


def institutions_with_visit_requests():
    return Institution.objects.filter(visit_requests__isnull=False).distinct()


def request_filter_choices():
    """(institutions, venues) the visit request listing's filters offer, as
    lists kept in the shared cache until a partners or visits record changes."""
    return page_cache.cached_fragment(
        "visit-request-filter-choices",
        ("partners", "visits"),
        lambda: (list(institutions_with_visit_requests()), list(all_venues())),
    )


def host_candidates():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename=REVIEW_PERMISSION_CODENAME)
            | Q(user_permissions__codename=REVIEW_PERMISSION_CODENAME)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("full_name", "email")
    )


def host_candidate_list():
    """``host_candidates`` as a list kept in the shared cache until an
    account, a group or a permission changes (the ``users`` tag)."""
    return page_cache.cached_fragment(
        "host-candidates", ("users",), lambda: list(host_candidates())
    )


def agenda_visits(first, last):
    """Booked visits starting on the days ``first`` (included) to ``last`` (excluded),
    in the portal's time zone, in time order."""
    zone = timezone.get_current_timezone()
    return (
        VisitRequest.objects.filter(
            state__in=BOOKED_STATES,
            scheduled_start__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=zone),
            scheduled_start__lt=datetime.datetime.combine(last, datetime.time.min, tzinfo=zone),
        )
        .select_related("institution", "venue", "host_staff")
        .order_by("scheduled_start")
    )


def visits_awaiting_report():
    """Held visits that still need their report, oldest visit first."""
    return list(
        VisitRequest.objects.filter(state__in=HELD_STATES, report__isnull=True)
        .select_related("institution", "venue", "feedback")
        .order_by("scheduled_start", "pk")
    )


def awaiting_report_count():
    """How many held visits still need their report (the staff dashboard's panel)."""
    return VisitRequest.objects.filter(state__in=HELD_STATES, report__isnull=True).count()


def visit_reports():
    """Every recorded report, newest visit first, with its photo count."""
    return (
        VisitReport.objects.select_related(
            "request__institution", "request__venue", "request__feedback", "recorded_by"
        )
        .annotate(photo_count=Count("photos"))
        .order_by("-request__scheduled_start", "-pk")
    )


def visit_for_report(pk):
    """The visit a report is recorded for, or None."""
    return VisitRequest.objects.select_related("institution", "venue").filter(pk=pk).first()


def report_of_visit(visit):
    return VisitReport.objects.filter(request=visit).first()


def reports_for_editing():
    return VisitReport.objects.select_related("request__institution", "request__venue")


def report_for_detail(pk):
    """A report with its visit and the visit's news article, or None."""
    return (
        VisitReport.objects.select_related(
            "request__institution", "request__venue", "recorded_by", "request__report_article"
        )
        .filter(pk=pk)
        .first()
    )


def report_photos(report):
    return list(report.photos.select_related("image"))


def visit_report(pk):
    return VisitReport.objects.filter(pk=pk).first()


def visit_requests_for_export(
    *,
    state=None,
    visit_from=None,
    visit_to=None,
    submitted_from=None,
    submitted_to=None,
    institution=None,
    venue=None,
):
    """Visit requests matching the staff's filters, with everything the rows need.

    Dates are days in the portal's time zone, both ends included. The query
    count does not grow with the number of rows (one query plus one for topics).
    """
    queryset = (
        VisitRequest.objects.select_related("institution", "venue", "report", "feedback")
        .prefetch_related("topics")
        .annotate(present_count=present_count_subquery())
    )
    if state:
        queryset = queryset.filter(state=state)
    if visit_from:
        queryset = queryset.filter(scheduled_start__date__gte=visit_from)
    if visit_to:
        queryset = queryset.filter(scheduled_start__date__lte=visit_to)
    if submitted_from:
        queryset = queryset.filter(created_at__date__gte=submitted_from)
    if submitted_to:
        queryset = queryset.filter(created_at__date__lte=submitted_to)
    if institution:
        queryset = queryset.filter(institution=institution)
    if venue:
        queryset = queryset.filter(venue=venue)
    return queryset.order_by("-created_at", "-pk")


def visit_request_reply_letters(visit):
    """Every reply letter of ``visit``, newest first, with who issued it and
    what superseded it."""
    return list(
        ReplyLetter.objects.filter(request=visit)
        .select_related("issued_by", "superseded_by")
        .order_by("-issued_at", "-pk")
    )


def reply_letter_of(visit_id, letter_id):
    """One reply letter of a request, or None."""
    return ReplyLetter.objects.filter(request_id=visit_id, pk=letter_id).first()


def visit_follow_ups(visit):
    """The follow-up actions agreed at ``visit``, by due date, agreements loaded."""
    return list(
        FollowUp.objects.filter(visit_link__visit=visit)
        .select_related("agreement")
        .order_by("due_date", "pk")
    )


def agreements_for_visit_follow_up(visit):
    """The agreements a follow-up of ``visit`` may come under: those its
    institution is a party to, newest first."""
    return Agreement.objects.for_institution(visit.institution_id).order_by("-start_date", "title")


def staff_groups():
    """The groups whose members review visit requests (approver groups of a venue)."""
    return (
        Group.objects.filter(permissions__codename=REVIEW_PERMISSION_CODENAME)
        .distinct()
        .order_by("name")
    )
