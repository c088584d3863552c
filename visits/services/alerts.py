"""A cooperation staff member's choice of visit alerts (immediate, daily
digest or none)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
