"""The delegation's summary on the partner's request page."""

from django import template

from visits.choices import VisitState
from visits.selectors import delegation as delegation_selectors
from visits.services import delegation, workflow

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


@register.inclusion_tag("visits/admin/includes/delegation_section.html", takes_context=True)
def staff_delegation(context, visit):
    """The participants on the staff's request page, with the ways to print,
    export and mark attendance (one query for the list)."""
    participants = delegation_selectors.participants_of(visit)
    user = context["request"].user
    return {
        "visit": visit,
        "participants": participants,
        "headcount": delegation_selectors.headcount(participants),
        "can_mark": workflow.is_visit_staff(user) and delegation.attendance_open(visit),
        "can_certify": workflow.is_visit_staff(user),
        "deadline": delegation.deadline_text(visit),
        "partner_can_edit": delegation.partner_can_edit(visit),
    }
