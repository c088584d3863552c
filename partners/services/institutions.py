"""Writes on institutions: register, verify, archive and restore.

Each change and its history entry (Wagtail's log, shown under "History" in
the admin) are written in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partners import selectors
from partners.models import Institution, Membership
from partners.services.notices import notify
from portal import page_cache


@transaction.atomic
def institution_register(*, user, job_title="", **fields):
    """Register a new institution, unverified; the requester waits as its
    coordinator until cooperation staff verify it."""
    institution = Institution(created_by=user, is_verified=False, **fields)
    institution.full_clean(exclude=["slug"])
    institution.save()
    Membership.objects.create(
        user=user,
        institution=institution,
        role=Membership.Role.COORDINATOR,
        state=Membership.State.PENDING,
        job_title=job_title,
    )
    notify("institution_registered", users=selectors.staff_recipients(), institution=institution)
    return institution


@transaction.atomic
def institution_verify(*, institution, by):
    """Make the institution public and activate the coordinator who registered it;
    recorded in its history (also when it was verified already)."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.is_verified:
        log(institution, "partners.verify", user=by)
        return institution
    now = timezone.now()
    institution.is_verified = True
    institution.verified_at = now
    institution.save(update_fields=["is_verified", "verified_at", "updated_at"])
    pending = Membership.objects.filter(
        institution=institution,
        state=Membership.State.PENDING,
        role=Membership.Role.COORDINATOR,
        user_id=institution.created_by_id,
    )
    pending.update(state=Membership.State.ACTIVE, decided_by=by, decided_at=now)
    page_cache.bump("partners")  # update() sends no signal; dashboards show it
    if institution.created_by_id:
        notify("institution_verified", users=[institution.created_by], institution=institution)
    log(institution, "partners.verify", user=by)
    return institution


def _locked(institution):
    return Institution.objects.select_for_update().get(pk=institution.pk)


@transaction.atomic
def institution_archive(*, institution, by):
    """Hide the institution from the public and close its pages to its members;
    nothing is deleted. An institution already archived is refused."""
    institution = _locked(institution)
    if institution.is_archived:
        raise ValidationError(_("%(name)s is already archived.") % {"name": institution})
    institution.archived_at = timezone.now()
    institution.save(update_fields=["archived_at", "updated_at"])
    log(institution, "partners.archive", user=by)
    return institution


@transaction.atomic
def institution_restore(*, institution, by):
    """List an archived institution again, for the public and its members."""
    institution = _locked(institution)
    if not institution.is_archived:
        raise ValidationError(_("%(name)s is not archived.") % {"name": institution})
    institution.archived_at = None
    institution.save(update_fields=["archived_at", "updated_at"])
    log(institution, "partners.restore", user=by)
    return institution
