"""Writes with privacy meaning: consent, data export, account deletion, retention."""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit, extensions
from portal.models import AuditEvent, ConsentRecord, PrivacyNotice
from portal.privacy import defaults
from portal.privacy.tasks import send_account_deleted_email

USER_AGENT_LENGTH = ConsentRecord._meta.get_field("user_agent").max_length
EXPORT_FORMAT_VERSION = 1


class AccountDeletionRefused(ValidationError):
    pass


def privacy_notice_current():
    """The notice in effect today; the built-in first version if there is none yet."""
    notice = PrivacyNotice.objects.in_effect().first()
    if notice is None:
        notice = PrivacyNotice.objects.order_by("effective_date", "pk").first()
    if notice is None:
        notice, _created = PrivacyNotice.objects.get_or_create(
            version=defaults.FIRST_VERSION,
            defaults={
                "effective_date": defaults.FIRST_EFFECTIVE_DATE,
                "title_id": defaults.TITLE_ID,
                "title_en": defaults.TITLE_EN,
                "body_id": defaults.BODY_ID,
                "body_en": defaults.BODY_EN,
            },
        )
    return notice


def record_consent(user, purpose, request=None, *, notice=None):
    """Record that ``user`` agreed to ``notice`` (default: the current one) for ``purpose``."""
    ip = None
    user_agent = ""
    if request is not None:
        ip = audit.client_ip_or_none(request)
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
    return ConsentRecord.objects.create(
        user=user,
        notice=notice or privacy_notice_current(),
        purpose=purpose,
        ip=ip,
        user_agent=user_agent,
    )


def _portal_sections(user):
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_staff": user.is_staff,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": email, "verified": verified, "primary": primary}
            for email, verified, primary in EmailAddress.objects.filter(user=user)
            .order_by("pk")
            .values_list("email", "verified", "primary")
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "notice_version": consent.notice.version,
                "given_at": consent.given_at,
                "ip": consent.ip,
                "user_agent": consent.user_agent,
            }
            for consent in ConsentRecord.objects.filter(user=user).select_related("notice")
        ],
        "sessions": [
            {
                "created_at": session.created_at,
                "last_seen_at": session.last_seen_at,
                "ip": session.ip,
                "user_agent": session.user_agent,
            }
            for session in UserSession.objects.filter(user=user).order_by("-last_seen_at")
        ],
        "two_factor_methods": [
            {"type": kind, "created_at": created_at, "last_used_at": last_used_at}
            for kind, created_at, last_used_at in Authenticator.objects.filter(
                user=user
            ).values_list("type", "created_at", "last_used_at")
        ],
        "audit_log": [
            {"time": created_at, "action": action, "target": target, "ip": ip}
            for created_at, action, target, ip in AuditEvent.objects.filter(actor=user).values_list(
                "created_at", "action", "target_repr", "ip"
            )
        ],
        # What was done with this account's data (the staff member's name is theirs, not yours).
        "processing_history": [
            {"time": created_at, "action": action}
            for created_at, action in AuditEvent.objects.filter(
                target_content_type__app_label=user._meta.app_label,
                target_content_type__model=user._meta.model_name,
                target_object_id=str(user.pk),
            ).values_list("created_at", "action")
        ],
    }


def personal_data_export(*, user, request=None):
    """Everything the portal holds about ``user``, as one JSON-able dict; audit-logged."""
    data = {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now(),
        **_portal_sections(user),
    }
    for section, content in extensions.personal_data(user=user).items():
        data.setdefault(section, content)
    audit.record(user, "personal_data.export", target=user, request=request)
    return data


def is_last_active_superuser(user):
    return (
        user.is_superuser
        and user.is_active
        and not get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


def _pseudonym(user):
    return f"deleted user #{user.pk}"


def _erase_portal_records(user):
    """The portal's own part of an erasure: the audit trail keeps a pseudonym."""
    AuditEvent.objects.filter(actor=user).update(actor_label=_pseudonym(user))
    AuditEvent.objects.filter(
        target_content_type__app_label=user._meta.app_label,
        target_content_type__model=user._meta.model_name,
        target_object_id=str(user.pk),
    ).update(target_repr=_pseudonym(user))


def account_delete(*, user, request=None, actor=None):
    """Erase ``user``: features anonymise their records, then the account goes.

    One transaction: if any feature's hook fails, nothing is deleted. The
    user is signed out everywhere and gets a confirmation e-mail. ``actor``
    is the staff member deleting someone else's account (Wagtail admin);
    by default the user deletes their own.
    """
    if is_last_active_superuser(user):
        raise AccountDeletionRefused(
            _(
                "This is the only active administrator account. Make another person an "
                "administrator before deleting it."
            ),
            code="last_superuser",
        )
    email, language, name = user.email, user.preferred_language, user.full_name
    user_pk = user.pk
    by_self = actor is None or actor.pk == user.pk
    try:
        with transaction.atomic():
            extensions.erase_personal_data(user=user)
            audit.record(
                user if by_self else actor,
                "account.delete",
                request=request,
                user_id=user_pk,
                by="self" if by_self else "staff",
            )
            _erase_portal_records(user)
            for session in UserSession.objects.filter(user=user):
                session.end()
            user.delete()
            transaction.on_commit(lambda: send_account_deleted_email.enqueue(email, language, name))
    except ProtectedError:
        raise AccountDeletionRefused(
            _(
                "This account is still linked to records that must be kept. Please contact "
                "us and we will complete the deletion within 3 × 24 hours."
            ),
            code="protected",
        ) from None
    if request is not None and by_self:
        logout(request)


def retention_cutoff(days, now=None):
    return (now or timezone.now()) - datetime.timedelta(days=days)


def retention_purge(*, days=None, audit_days=None, dry_run=False, now=None):
    """Purge personal data older than the retention periods; returns counts per kind."""
    days = settings.PORTAL_RETENTION_DAYS if days is None else days
    audit_days = settings.PORTAL_AUDIT_RETENTION_DAYS if audit_days is None else audit_days
    cutoff = retention_cutoff(days, now)
    audit_cutoff = retention_cutoff(audit_days, now)
    with transaction.atomic():
        counts = extensions.retention_purge(cutoff=cutoff, dry_run=dry_run)
        old_consents = ConsentRecord.objects.filter(given_at__lt=cutoff).exclude(
            ip__isnull=True, user_agent=""
        )
        old_audit = AuditEvent.objects.filter(created_at__lt=audit_cutoff)
        counts["portal.consent_network_details"] = old_consents.count()
        counts["portal.audit_events"] = old_audit.count()
        if not dry_run:
            old_consents.update(ip=None, user_agent="")
            old_audit.delete()
            if any(counts.values()):
                audit.record(
                    None,
                    "retention.purge",
                    cutoff=cutoff,
                    audit_cutoff=audit_cutoff,
                    counts=counts,
                )
    return counts
