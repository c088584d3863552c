"""The signed links of registration e-mails: confirm an address (double
opt-in, valid for CONFIRM_MAX_AGE) and cancel a registration (always)."""

from django.core import signing

from partners.events.models import Registration

CONFIRM_SALT = "events.registration.confirm"
CANCEL_SALT = "events.registration.cancel"
# A confirmation link works for three days; cancellation links always.
CONFIRM_MAX_AGE = 3 * 24 * 3600


class LinkInvalid(Exception):
    """A signed link that is broken, expired or no longer applies."""


# -- signed links -----------------------------------------------------------------


def confirm_token(registration):
    return signing.dumps({"r": registration.pk, "c": registration.code}, salt=CONFIRM_SALT)


def cancel_token(registration):
    return signing.dumps({"r": registration.pk, "c": registration.code}, salt=CANCEL_SALT)


def registration_from_token(token, *, salt, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(data, dict):
        raise LinkInvalid
    registration = (
        Registration.objects.select_related("setup__event")
        .filter(pk=data.get("r"), code=data.get("c"))
        .first()
    )
    if registration is None:
        raise LinkInvalid
    return registration
