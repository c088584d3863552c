"""Calendar items shared by every feature that puts something in a calendar.

Shared events (partners.events) and scheduled visits (visits) both appear in
a partner member's private feed. Each feature turns its records into
``CalendarItem`` values and offers them through the
``portal_private_calendar_items`` Wagtail hook: a function taking
``user`` and ``institutions`` (the user's active institutions) and returning
an iterable of ``CalendarItem``.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CalendarItem:
    uid: str  # stable for the life of the record, e.g. "visit-42@mitra-pustaka"
    summary: str
    start: datetime.datetime | datetime.date  # aware datetime, or a date for all-day
    end: datetime.datetime | datetime.date
    time_zone: str  # IANA name the times are shown in, e.g. "Asia/Makassar"
    sequence: int  # grows on every change subscribers should notice
    last_modified: datetime.datetime
    url: str = ""
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"  # or "TENTATIVE", "CANCELLED"
    rrule: str = ""  # e.g. "FREQ=MONTHLY;BYDAY=2SA"
    exdates: tuple[datetime.datetime, ...] = field(default_factory=tuple)
