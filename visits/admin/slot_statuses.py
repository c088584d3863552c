"""Free or busy: the state of each preferred time of a request on its admin
page, by the scheduling service's own checks (so what the page calls free is
what scheduling accepts)."""

import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone

from visits.models import PreferredSlot, Venue
from visits.services import availability, workflow


def _zone(venue):
    return zoneinfo.ZoneInfo(venue.time_zone)


FREE, BUSY, UNAVAILABLE = "free", "busy", "unavailable"


@dataclass
class SlotStatus:
    """A preferred time on a request's admin page: ``FREE`` to schedule,
    ``BUSY`` (``conflicts``: the visits in the way) or ``UNAVAILABLE``
    (``problems``: closed, outside the opening hours, in the past...)."""

    slot: PreferredSlot
    venue: Venue
    status: str
    conflicts: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def local_start(self):
        return timezone.localtime(self.slot.start, _zone(self.venue))

    @property
    def local_end(self):
        return timezone.localtime(self.slot.end, _zone(self.venue))

    @property
    def form_values(self):
        """The schedule form's date, start and end for this time, in the venue's zone."""
        return {
            "date": self.local_start.date().isoformat(),
            "start": self.local_start.strftime("%H:%M"),
            "end": self.local_end.strftime("%H:%M"),
        }

    @property
    def is_free(self):
        return self.status == FREE


def preferred_slot_statuses(visit, slots, venue):
    """Whether each of ``slots`` is free at ``venue`` for ``visit``, by the
    scheduling service's own rules (``visits.services.workflow`` and
    ``availability``), so what the page calls free is what scheduling accepts.
    At most three slots, a few queries each."""
    statuses = []
    for slot in slots:
        conflicts = workflow.conflicts_for_staff(
            venue=venue, start=slot.start, end=slot.end, exclude_request=visit
        )
        if conflicts:
            statuses.append(SlotStatus(slot=slot, venue=venue, status=BUSY, conflicts=conflicts))
            continue
        problems = availability.slot_problems(
            venue=venue,
            start=slot.start,
            end=slot.end,
            group_size=visit.group_size,
            exclude_request=visit,
            check_window=False,
            institution=visit.institution,
        )
        status = UNAVAILABLE if problems else FREE
        statuses.append(SlotStatus(slot=slot, venue=venue, status=status, problems=problems))
    return statuses
