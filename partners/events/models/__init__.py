"""Shared literacy events and the private calendar tokens of partner members."""

from partners.events.models.events import (
    FIRST_YEAR,
    RESERVED_SLUGS,
    SEQUENCE_FIELDS,
    YEARS_AHEAD,
    Event,
)
from partners.events.models.occurrences import OccurrenceChange
from partners.events.models.proposals import EventProposal, ProposalStatus, Repeat
from partners.events.models.querysets import (
    CANCELLED_KEPT_DAYS,
    EXPRESSIBLE_FROM,
    EXPRESSIBLE_UNTIL,
    EventQuerySet,
)
from partners.events.models.registration import (
    OCCURRENCE_FORMAT,
    Registration,
    RegistrationOccurrence,
    RegistrationSetup,
    RegistrationStatus,
    Seating,
)
from partners.events.models.tokens import CalendarToken

__all__ = [
    "CANCELLED_KEPT_DAYS",
    "EXPRESSIBLE_FROM",
    "EXPRESSIBLE_UNTIL",
    "OCCURRENCE_FORMAT",
    "FIRST_YEAR",
    "RESERVED_SLUGS",
    "SEQUENCE_FIELDS",
    "YEARS_AHEAD",
    "CalendarToken",
    "Event",
    "EventProposal",
    "EventQuerySet",
    "OccurrenceChange",
    "ProposalStatus",
    "Registration",
    "RegistrationOccurrence",
    "RegistrationSetup",
    "RegistrationStatus",
    "Repeat",
    "Seating",
]
