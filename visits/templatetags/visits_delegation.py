"""The delegation's summary on the partner's request page."""

from django import template

from visits.choices import VisitState
from visits.selectors import delegation as delegation_selectors
from visits.services import delegation

register = template.Library()


@register.inclusion_tag("visits/includes/delegation_summary.html")
def delegation_summary(visit):
    """How many participants are listed, until when the list can change, and the way to it."""
    if visit.state in (VisitState.DECLINED, VisitState.CANCELLED):
        return {"shown": False}
    participants = delegation_selectors.participants_of(visit)
    return {
        "shown": True,
        "visit": visit,
        "headcount": delegation_selectors.headcount(participants),
        "can_edit": delegation.partner_can_edit(visit),
        "deadline": delegation.deadline_text(visit),
        "edit_days": delegation.edit_days(),
    }
