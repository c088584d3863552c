"""Visit states and the transitions allowed between them."""

from django.db import models
from django.utils.translation import pgettext_lazy


class VisitState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("visit state", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("visit state", "Under review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("visit state", "Changes requested")
    SCHEDULED = "scheduled", pgettext_lazy("visit state", "Scheduled")
    COMPLETED = "completed", pgettext_lazy("visit state", "Completed")
    REPORTED = "reported", pgettext_lazy("visit state", "Reported")
    DECLINED = "declined", pgettext_lazy("visit state", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("visit state", "Cancelled")


# from-state -> the states it may move to. Who may take each step is decided
# in visits/services/workflow.py (partners resubmit and cancel, staff the rest).
TRANSITIONS = {
    VisitState.SUBMITTED: {
        VisitState.UNDER_REVIEW,
        VisitState.CHANGES_REQUESTED,
        VisitState.SCHEDULED,
        VisitState.DECLINED,
        VisitState.CANCELLED,
    },
    VisitState.UNDER_REVIEW: {
        VisitState.CHANGES_REQUESTED,
        VisitState.SCHEDULED,
        VisitState.DECLINED,
        VisitState.CANCELLED,
    },
    VisitState.CHANGES_REQUESTED: {
        VisitState.SUBMITTED,
        VisitState.DECLINED,
        VisitState.CANCELLED,
    },
    # Back to review when the partner asks for another time (staff move a
    # scheduled visit themselves without leaving "scheduled").
    VisitState.SCHEDULED: {VisitState.UNDER_REVIEW, VisitState.COMPLETED, VisitState.CANCELLED},
    VisitState.COMPLETED: {VisitState.REPORTED},
    VisitState.REPORTED: set(),
    VisitState.DECLINED: set(),
    VisitState.CANCELLED: set(),
}

# States still waiting for the host's decision.
OPEN_STATES = (VisitState.SUBMITTED, VisitState.UNDER_REVIEW, VisitState.CHANGES_REQUESTED)
# States whose scheduled time occupies the venue.
BOOKED_STATES = (VisitState.SCHEDULED, VisitState.COMPLETED, VisitState.REPORTED)
# States the partner may still cancel from.
CANCELLABLE_STATES = (*OPEN_STATES, VisitState.SCHEDULED)
FINAL_STATES = (VisitState.REPORTED, VisitState.DECLINED, VisitState.CANCELLED)
# Visits that took place: they get a report, feedback and count in the statistics.
HELD_STATES = (VisitState.COMPLETED, VisitState.REPORTED)


def can_transition(from_state, to_state):
    return to_state in TRANSITIONS.get(from_state, set())


class QuotaPeriod(models.TextChoices):
    """The period a venue's quota of visits per institution counts over.

    Semesters follow the Indonesian academic year: the odd semester
    (ganjil) runs from August to January, the even one (genap) from
    February to July."""

    MONTH = "month", pgettext_lazy("quota period", "month")
    SEMESTER = "semester", pgettext_lazy("quota period", "semester")
    YEAR = "year", pgettext_lazy("quota period", "year")
