"""Reads for privacy duties: who is affected by a personal-data breach."""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count

from portal.models import AuditEvent, ConsentRecord, PrivacyNotice


def privacy_notice_by_version(*, version):
    """The privacy notice with this version label, or None."""
    return PrivacyNotice.objects.filter(version=version).first()


def privacy_notice_versions():
    """Every version of the notice, newest first, for the list of earlier versions."""
    return PrivacyNotice.objects.order_by("-effective_date", "-pk").only(
        "version", "effective_date"
    )


def consents_of_user(*, user):
    """The consents an account has given, with their notices."""
    return ConsentRecord.objects.filter(user=user).select_related("notice")


def consents_for_admin():
    """Every consent, with its account and notice, for the staff list."""
    return ConsentRecord.objects.select_related("user", "notice")


def audit_actions():
    """The distinct actions in the audit log, in order, for its filter."""
    return AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()


def audit_actors():
    """The accounts that did something the audit log recorded."""
    return get_user_model().objects.filter(
        pk__in=AuditEvent.objects.filter(actor__isnull=False).values("actor")
    )


@dataclass
class BreachReport:
    since: object
    until: object
    users: list = field(default_factory=list)  # (user, [institution names])
    institutions: list = field(default_factory=list)
    actions: list = field(default_factory=list)  # (action, count)
    events: list = field(default_factory=list)


def breach_report(*, since, until):
    """Accounts and institutions whose data the portal held between ``since`` and ``until``.

    UU PDP asks for a written notice to every affected person within
    3 × 24 hours of a breach; this lists them, with what the audit log saw
    (downloads, exports, deletions) in the same window.
    """
    users = get_user_model().objects.filter(date_joined__lt=until).order_by("email")
    with_memberships = apps.is_installed("partners")
    if with_memberships:
        users = users.prefetch_related("memberships__institution")
    report = BreachReport(since=since, until=until)
    institutions = set()
    for user in users:
        names = (
            sorted({m.institution.name for m in user.memberships.all()}) if with_memberships else []
        )
        institutions.update(names)
        report.users.append((user, names))
    report.institutions = sorted(institutions)
    window = AuditEvent.objects.filter(created_at__gte=since, created_at__lt=until)
    report.actions = list(
        window.values_list("action").annotate(count=Count("pk")).order_by("action")
    )
    report.events = list(window.order_by("created_at"))
    return report
