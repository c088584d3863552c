"""Reminders before scheduled visits."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from visits import tasks
from visits.choices import VisitState
from visits.models import VisitReminder, VisitRequest

REMINDER_KIND = "three_days"
REMINDER_DAYS_AHEAD = 3


def visit_reminders_send(*, now=None, days_ahead=REMINDER_DAYS_AHEAD):
    """Queue a reminder for every scheduled visit starting within ``days_ahead`` days.

    Each visit (at its current time) is reminded once: the reminder row is
    written first under a unique constraint, so a second run, or two runs at
    once, send nothing more. A rescheduled visit gets a new reminder.
    Returns the visits reminded now.
    """
    now = now or timezone.now()
    # An archived institution's members are cut off from its visits, so
    # they are not reminded of them either.
    due = VisitRequest.objects.filter(
        state=VisitState.SCHEDULED,
        institution__archived_at__isnull=True,
        scheduled_start__gt=now,
        scheduled_start__lte=now + datetime.timedelta(days=days_ahead),
    ).exclude(reminders__kind=REMINDER_KIND, reminders__scheduled_start=F("scheduled_start"))
    reminded = []
    for visit in due.order_by("scheduled_start"):
        try:
            with transaction.atomic():
                VisitReminder.objects.create(
                    request=visit,
                    kind=REMINDER_KIND,
                    scheduled_start=visit.scheduled_start,
                    sent_at=now,
                )
                transaction.on_commit(lambda pk=visit.pk: tasks.send_reminder.enqueue(pk))
        except IntegrityError:
            continue
        reminded.append(visit)
    return reminded
