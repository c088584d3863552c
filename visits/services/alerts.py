"""A cooperation staff member's choice of visit alerts (immediate, daily
digest or none), and the daily digest itself, sent once a day per person."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from visits import emails
from visits.models import AlertMode, VisitAlertPreference
from visits.services import workflow


@transaction.atomic
def alert_preference_set(*, user, mode):
    """Store ``user``'s alert mode; only cooperation staff receive alerts."""
    workflow.require_staff(user)
    if mode not in AlertMode.values:
        raise ValidationError(_("Choose one of the offered ways to be told."))
    preference, _created = VisitAlertPreference.objects.update_or_create(
        user=user, defaults={"mode": mode}
    )
    return preference


def _digest_claim(user, day):
    """Record that ``user`` gets the digest of ``day``; False when they
    already have it. One conditional UPDATE, so of two runs at once only one
    claims each person."""
    return bool(
        VisitAlertPreference.objects.filter(user=user, mode=AlertMode.DIGEST)
        .exclude(digest_sent_on=day)
        .update(digest_sent_on=day)
    )


def _digest_release(user, day, previous):
    VisitAlertPreference.objects.filter(user=user, digest_sent_on=day).update(
        digest_sent_on=previous
    )


def digest_send_daily(*, today=None):
    """Send the daily digest of open requests to each staff member who chose
    it and has not had today's yet (``today``: the portal's date); returns
    the addresses written to. A digest that fails to send is not recorded,
    so the next run sends it."""
    today = today or timezone.localdate()
    people = emails.digest_recipients()
    previous = dict(
        VisitAlertPreference.objects.filter(user__in=people).values_list(
            "user_id", "digest_sent_on"
        )
    )
    sent = []
    for user in people:
        if not _digest_claim(user, today):
            continue
        try:
            sent.extend(emails.digest_to_staff(today, people=[user]))
        except Exception:
            _digest_release(user, today, previous.get(user.pk))
            raise
    return sent
