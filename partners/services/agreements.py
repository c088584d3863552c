"""Writes on agreements: signed documents, renewals and expiry reminders."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partners import selectors
from partners.models import (
    Agreement,
    AgreementDocument,
    AgreementReminder,
    AgreementState,
    Signatory,
)
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


@transaction.atomic
def agreement_renew(*, agreement, by):
    """Start the renewal of ``agreement``: a draft successor with the same kind,
    title, parent, partners, scope and signatories (their dates left empty),
    linked to what it renews. A terminated agreement, or one already renewed,
    is refused with a ValidationError that says so."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.terminated_on:
        raise ValidationError(
            _("A terminated agreement cannot be renewed; draft a new agreement instead.")
        )
    if agreement.successor is not None:
        raise ValidationError(
            _("This agreement is already renewed by “%(title)s”; edit that draft instead.")
            % {"title": agreement.successor.title}
        )
    successor = Agreement.objects.create(
        kind=agreement.kind,
        title=agreement.title,
        summary=agreement.summary,
        parent=agreement.parent,
        renews=agreement,
        start_date=agreement.end_date + datetime.timedelta(days=1) if agreement.end_date else None,
    )
    successor.partners.set(agreement.partners.all())
    successor.scope_areas.set(agreement.scope_areas.all())
    Signatory.objects.bulk_create(
        Signatory(
            agreement=successor,
            side=signatory.side,
            name=signatory.name,
            position=signatory.position,
            sort_order=signatory.sort_order,
        )
        for signatory in agreement.signatories.all()
    )
    log(successor, "partners.renew", user=by, data={"renews": agreement.pk})
    return successor


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
        .exclude(pk__in=Agreement.objects.in_state(AgreementState.RENEWED, on=today))
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
