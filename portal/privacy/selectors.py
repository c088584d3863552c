"""Reads for privacy duties: who is affected by a personal-data breach."""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count

from portal.models import AuditEvent


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
