"""Writes on follow-up actions: the partner's update (its own side only) and
the reminders before the due date."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partners import selectors
from partners.models import FollowUp, Institution, SignatorySide
from partners.models.followups import FOLLOW_UP_REMINDER_DAYS
from partners.services.notices import notify


@transaction.atomic
def follow_up_create(
    *, institution, title, side, owner, due_date, by, agreement=None, agreed_at="", note=""
):
    """Record an action agreed with ``institution`` (at a visit or under
    ``agreement``, which must name the institution as a party). Logged in
    the action's history; the responsible side is reminded before the due
    date by ``follow_up_reminders_send``. Returns the action."""
    follow_up = FollowUp(
        institution=institution,
        agreement=agreement,
        agreed_at=agreed_at,
        title=title,
        side=side,
        owner=owner,
        due_date=due_date,
        note=note,
        updated_by=by,
    )
    follow_up.full_clean()
    follow_up.save()
    log(follow_up, "wagtail.create", user=by)
    return follow_up


@transaction.atomic
def follow_up_update(*, follow_up, by, status, evidence_url="", note="", evidence_file=None):
    """An active member of the partner updates one of its own side's actions:
    the status, the evidence (a link, or a file checked by
    ``validate_evidence_file``, which replaces the earlier one) and a note;
    marking it done records the day (and needs evidence). Staff edit every
    action in the admin."""
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
    if evidence_file is not None:
        follow_up.evidence_file = evidence_file
    follow_up.note = note
    follow_up.done_on = timezone.localdate() if status == FollowUp.Status.DONE else None
    follow_up.updated_by = by
    follow_up.full_clean()
    follow_up.save()
    log(follow_up, "wagtail.edit", user=by, content_changed=True)
    return follow_up


def follow_up_reminders_send(*, today=None):
    """Remind the responsible side of each open action due within
    FOLLOW_UP_REMINDER_DAYS days (or overdue and never reminded): the
    partner's coordinators for its side, cooperation staff for ours. Once
    per due date (a new due date is reminded again). Returns the actions."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=FOLLOW_UP_REMINDER_DAYS)
    due = (
        FollowUp.objects.open()
        .filter(due_date__lte=horizon, institution__archived_at__isnull=True)
        .exclude(reminded_for=models.F("due_date"))
        .select_related("institution")
        .order_by("due_date", "pk")
    )
    sent = []
    for follow_up in due:
        with transaction.atomic():
            updated = (
                FollowUp.objects.filter(pk=follow_up.pk)
                .exclude(reminded_for=follow_up.due_date)
                .update(reminded_for=follow_up.due_date)
            )
            if not updated:
                continue  # another run sent it a moment ago
            if follow_up.side == SignatorySide.PARTNER:
                users = selectors.coordinators_of(institution=follow_up.institution)
            else:
                users = selectors.staff_recipients()
            notify(
                "follow_up_due",
                users=users,
                institution=follow_up.institution,
                follow_up=follow_up,
            )
        sent.append(follow_up)
    return sent
