"""Writes on follow-up actions by the partner (its own side only)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partners.models import FollowUp, Institution, SignatorySide


@transaction.atomic
def follow_up_update(*, follow_up, by, status, evidence_url="", note=""):
    """An active member of the partner updates one of its own side's actions:
    the status, the evidence link and a note; marking it done records the day
    (and needs evidence). Staff edit every action in the admin."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if (
        follow_up.side != SignatorySide.PARTNER
        or not Institution.objects.for_user(by).filter(pk=follow_up.institution_id).exists()
    ):
        raise PermissionDenied
    if status not in FollowUp.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    follow_up.status = status
    follow_up.evidence_url = evidence_url
    follow_up.note = note
    follow_up.done_on = timezone.localdate() if status == FollowUp.Status.DONE else None
    follow_up.updated_by = by
    follow_up.full_clean()
    follow_up.save()
    log(follow_up, "wagtail.edit", user=by, content_changed=True)
    return follow_up
