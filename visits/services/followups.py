"""Actions agreed at a visit: recorded as partners' follow-up actions and
linked to the visit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from partners import services as partner_services
from visits.models import VisitFollowUp
from visits.services import workflow


@transaction.atomic
def visit_follow_up_create(*, visit, actor, title, side, owner, due_date, agreement=None, note=""):
    """Staff record an action agreed at ``visit``: a follow-up of the visit's
    institution (``partners.services.follow_up_create``), "agreed at" the
    visit's reference, under ``agreement`` (one the institution is a party
    to), linked to the visit. The partner sees it on its dashboard at once."""
    if not workflow.is_visit_staff(actor) or not actor.has_perm("partners.add_followup"):
        raise PermissionDenied(_("Only cooperation staff may do this."))
    follow_up = partner_services.follow_up_create(
        institution=visit.institution,
        agreement=agreement,
        agreed_at=visit.reference,
        title=title,
        side=side,
        owner=owner,
        due_date=due_date,
        note=note,
        by=actor,
    )
    VisitFollowUp.objects.create(visit=visit, follow_up=follow_up)
    return follow_up
