import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.models import User
from tests.factories import UserFactory
from tests.factories.partners import MembershipFactory
from tests.factories.privacy import AuditEventFactory

pytestmark = pytest.mark.django_db


def report(*args):
    out = StringIO()
    call_command("breach_report", *args, stdout=out)
    return out.getvalue()


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_lists_accounts_institutions_and_audit_events_of_the_window():
    member = MembershipFactory(
        user__email="rina@poltekes.example", institution__name="Poltekes Banjarmasin"
    )
    later = UserFactory(email="later@example.org")
    User.objects.filter(pk=later.pk).update(date_joined=_at(datetime.date(2030, 1, 1)))
    AuditEventFactory(action="agreement_document.download", target_repr="MoU Poltekes")
    old = AuditEventFactory(action="export.visits", target_repr="old export")
    type(old).objects.filter(pk=old.pk).update(created_at=_at(datetime.date(2020, 1, 1)))
    today = timezone.localdate().isoformat()

    output = report("--since", today, "--until", today)

    assert "rina@poltekes.example" in output
    assert "Poltekes Banjarmasin" in output
    assert "later@example.org" not in output
    assert "agreement_document.download: 1" in output
    assert "MoU Poltekes" in output
    assert "old export" not in output
    assert member.user.email in output


@pytest.mark.parametrize(
    "args",
    [
        ("--since", "kemarin", "--until", "2026-01-01"),
        ("--since", "2026-02-01", "--until", "2026-01-01"),
    ],
)
def test_bad_dates_are_a_clear_error(args):
    with pytest.raises(CommandError):
        report(*args)
