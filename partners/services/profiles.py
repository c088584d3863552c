"""Writes on an institution's public profile by its coordinators, and the
staff's decision on a change of its name or legal data."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log

from partners import selectors
from partners.models import LEGAL_FIELDS, Institution, InstitutionChange
from partners.services.memberships import is_active_coordinator
from partners.services.notices import notify
from portal import page_cache

# What a coordinator changes at once on the public profile.
PROFILE_FIELDS = (
    "description",
    "description_en",
    "website",
    "address",
    "city",
    "email",
    "phone",
)


def can_edit_profile(*, user, institution):
    """An active coordinator of the institution (not archived)."""
    return is_active_coordinator(user=user, institution=institution)


@transaction.atomic
def institution_profile_update(*, institution, by, data, logo=None):
    """Save the public profile fields of ``data`` at once, and a new ``logo``
    (an uploaded image file) if given. A different name, short name or kind is
    not applied: it waits, as one pending change, for staff verification (a
    newer request replaces the pending one). Returns the pending change or None."""
    if not can_edit_profile(user=by, institution=institution):
        raise PermissionDenied
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(institution, field, data[field])
    if logo is not None:
        image = get_image_model()(title=institution.name[:255], file=logo)
        image.save()
        institution.logo = image
    institution.full_clean(exclude=["slug", "logo"])
    institution.save()
    log(institution, "partners.profile", user=by)
    legal = {field: data.get(field, getattr(institution, field)) for field in LEGAL_FIELDS}
    if all(legal[field] == getattr(institution, field) for field in LEGAL_FIELDS):
        return None
    InstitutionChange.objects.filter(
        institution=institution, state=InstitutionChange.State.PENDING
    ).delete()
    change = InstitutionChange(institution=institution, requested_by=by, **legal)
    change.full_clean()
    change.save()
    notify(
        "institution_change_requested",
        users=selectors.staff_recipients(),
        institution=institution,
    )
    return change


def _decide(change, *, by, state):
    updated = InstitutionChange.objects.filter(
        pk=change.pk, state=InstitutionChange.State.PENDING
    ).update(state=state, decided_by=by, decided_at=timezone.now())
    if not updated:
        raise ValidationError(_("This change has already been decided."))
    change.refresh_from_db()
    page_cache.bump("partners")  # update() sends no signal; dashboards show it
    return change


@transaction.atomic
def institution_change_approve(*, change, by):
    """Apply the new name or legal data; recorded in the institution's
    history; the coordinator who asked is told."""
    change = _decide(change, by=by, state=InstitutionChange.State.APPROVED)
    institution = Institution.objects.select_for_update().get(pk=change.institution_id)
    for field in LEGAL_FIELDS:
        setattr(institution, field, getattr(change, field))
    institution.save(update_fields=[*LEGAL_FIELDS, "updated_at"])
    log(institution, "partners.change_approve", user=by, data={"name": change.name})
    if change.requested_by_id:
        notify(
            "institution_change_decided",
            users=[change.requested_by],
            institution=institution,
        )
    return change


@transaction.atomic
def institution_change_decline(*, change, by):
    """Keep the name and legal data as they are; the coordinator is told."""
    change = _decide(change, by=by, state=InstitutionChange.State.DECLINED)
    log(change.institution, "partners.change_decline", user=by, data={"name": change.name})
    if change.requested_by_id:
        notify(
            "institution_change_decided",
            users=[change.requested_by],
            institution=change.institution,
        )
    return change
