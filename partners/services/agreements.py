"""Writes on agreements: signed documents and expiry reminders."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from partners import selectors
from partners.models import Agreement, AgreementDocument, AgreementReminder
from partners.services.notices import notify

REMINDER_DAYS = (90, 30, 7)


@transaction.atomic
def agreement_document_upload(*, agreement, title, file, by):
    """Store a signed copy of ``agreement`` (a PDF, kept private) uploaded by
    ``by``; a file that is not a PDF raises ValidationError. The upload is
    recorded in the document's history."""
    document = AgreementDocument(agreement=agreement, title=title, file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    log(document, "wagtail.create", user=by, content_changed=True)
    return document


def agreement_reminders_due(*, today):
    """(agreement, days_before) pairs whose reminder is due and not yet sent.

    A reminder is due from ``days_before`` days before the end until the
    end itself, so a missed cron run still sends it later; only the nearest
    threshold is sent, never three at once.
    """
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    agreements = (
        Agreement.objects.filter(
            end_date__gte=today,
            end_date__lte=horizon,
            terminated_on__isnull=True,
            signed_on__isnull=False,
        )
        .prefetch_related("reminders", "partners")
        .order_by("end_date", "pk")
    )
    due = []
    for agreement in agreements:
        left = (agreement.end_date - today).days
        threshold = min(days for days in REMINDER_DAYS if days >= left)
        sent = {(reminder.days_before, reminder.end_date) for reminder in agreement.reminders.all()}
        if not any(days <= threshold and end == agreement.end_date for days, end in sent):
            due.append((agreement, threshold))
    return due


def agreement_reminders_send(*, today=None):
    """Send each due expiry reminder once (to staff and the partners'
    coordinators); safe to run as often as cron likes. Returns the reminders sent."""
    today = today or timezone.localdate()
    sent = []
    for agreement, days_before in agreement_reminders_due(today=today):
        recipients = list(selectors.staff_recipients())
        for institution in agreement.partners.all():
            recipients += selectors.coordinators_of(institution=institution)
        try:
            with transaction.atomic():
                reminder = AgreementReminder.objects.create(
                    agreement=agreement,
                    days_before=days_before,
                    end_date=agreement.end_date,
                    recipients=len({user.pk for user in recipients}),
                )
                notify("agreement_expiring", users=recipients, agreement=agreement)
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent.append(reminder)
    return sent
