"""Shared literacy events and the private calendar tokens of partner members."""

from partners.events.models.events import (
    FIRST_YEAR,
    RESERVED_SLUGS,
    SEQUENCE_FIELDS,
    YEARS_AHEAD,
    Event,
)
from partners.events.models.occurrences import OccurrenceChange
from partners.events.models.querysets import (
    CANCELLED_KEPT_DAYS,
    EXPRESSIBLE_FROM,
    EXPRESSIBLE_UNTIL,
    EventQuerySet,
)
from partners.events.models.registration import (
    Registration,
    RegistrationSetup,
    RegistrationStatus,
)
from partners.events.models.tokens import CalendarToken

__all__ = [
    "CANCELLED_KEPT_DAYS",
    "EXPRESSIBLE_FROM",
    "EXPRESSIBLE_UNTIL",
    "FIRST_YEAR",
    "RESERVED_SLUGS",
    "SEQUENCE_FIELDS",
    "YEARS_AHEAD",
    "CalendarToken",
    "Event",
    "EventQuerySet",
    "OccurrenceChange",
    "Registration",
    "RegistrationSetup",
    "RegistrationStatus",
]
