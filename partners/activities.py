"""Implementation evidence: what was done under an agreement.

Accreditation asks for proof that agreements are carried out (MoU -> MoA ->
IA -> activities). Visits and shared events live in their own apps; each
offers its activities through the ``partners_agreement_activities`` Wagtail
hook: a function taking ``agreement_ids`` (a set of Agreement ids) and
``start`` and ``end`` (dates, inclusive; either may be None) and returning an
iterable of ``Activity``. ``collect_activities`` merges them, oldest first.
"""

import datetime
from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "partners_agreement_activities"


@dataclass(frozen=True)
class Activity:
    agreement_id: int
    kind: str  # translated label, e.g. "Study visit", "Shared event"
    title: str
    date: datetime.date
    participants: int | None = None
    evidence_url: str = ""  # absolute URL of the report, article or event page


def collect_activities(agreement_ids, *, start=None, end=None):
    activities = []
    for hook in hooks.get_hooks(HOOK_NAME):
        activities.extend(hook(agreement_ids=set(agreement_ids), start=start, end=end))
    return sorted(activities, key=lambda item: (item.date, item.kind, item.title))
