from visits.models.alerts import AlertMode, VisitAlertPreference
from visits.models.calendars import StaffCalendarToken
from visits.models.delegation import Attendance, VisitParticipant
from visits.models.followups import VisitFollowUp
from visits.models.messages import VisitMessage, VisitReminder
from visits.models.notes import VisitInternalNote
from visits.models.reply_letters import ReplyLetter, ReplyLetterCounter
from visits.models.reports import VisitFeedback, VisitReport, VisitReportPhoto
from visits.models.requests import (
    MAX_PREFERRED_SLOTS,
    PreferredSlot,
    TransitionKind,
    VisitRequest,
    VisitTransition,
)
from visits.models.venues import ClosedDate, OpeningHours, Topic, Venue, Weekday

__all__ = [
    "AlertMode",
    "Attendance",
    "MAX_PREFERRED_SLOTS",
    "ClosedDate",
    "OpeningHours",
    "PreferredSlot",
    "ReplyLetter",
    "ReplyLetterCounter",
    "StaffCalendarToken",
    "Topic",
    "TransitionKind",
    "Venue",
    "VisitAlertPreference",
    "VisitFeedback",
    "VisitFollowUp",
    "VisitInternalNote",
    "VisitMessage",
    "VisitParticipant",
    "VisitReminder",
    "VisitReport",
    "VisitReportPhoto",
    "VisitRequest",
    "VisitTransition",
    "Weekday",
]
