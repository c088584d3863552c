"""Writes for the staff's private calendar feeds: making and revoking links."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from visits.models import StaffCalendarToken
from visits.services.workflow import is_visit_staff


@transaction.atomic
def staff_calendar_token_issue(*, user, venue=None):
    """A new secret link to ``user``'s own visits (``venue`` None) or to
    ``venue``'s visits; the previous link of that feed stops at once. Only
    the hash is stored: the token is returned once."""
    if not is_visit_staff(user):
        raise PermissionDenied(_("Only cooperation staff can make a visit calendar link."))
    token = secrets.token_urlsafe(StaffCalendarToken.TOKEN_BYTES)
    StaffCalendarToken.objects.filter(user=user, venue=venue).delete()
    StaffCalendarToken.objects.create(
        user=user, venue=venue, token_hash=StaffCalendarToken.hash(token)
    )
    return token


def staff_calendar_token_revoke(*, user, venue=None):
    """Stop ``user``'s link to that feed; returns whether there was one."""
    deleted, _rows = StaffCalendarToken.objects.filter(user=user, venue=venue).delete()
    return bool(deleted)
