"""List who is affected by a personal-data breach in a time window (UU PDP).

    manage.py breach_report --since 2026-11-01 --until 2026-11-03

Dates are local days (TIME_ZONE); --until is inclusive. Prints every account
that existed in the window with its institutions, the institutions, and
what the audit log recorded in the window (downloads, exports, deletions).
The law asks for written notice within 3 × 24 hours: use this list for it.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.privacy import selectors


def _day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "List the accounts and institutions affected by a breach in a time window."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", required=True, help="last day, YYYY-MM-DD (inclusive)")

    def handle(self, *args, since, until, **options):
        first, last = _day(since), _day(until)
        if last < first:
            raise CommandError("--until must not be before --since.")
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        report = selectors.breach_report(since=start, until=end)

        write = self.stdout.write
        write(f"Window: {first:%Y-%m-%d} to {last:%Y-%m-%d} ({zone})")
        write(f"\nAffected accounts: {len(report.users)}")
        for user, institutions in report.users:
            line = f"  {user.email}\t{user.full_name}"
            if institutions:
                line += "\t" + "; ".join(institutions)
            write(line)
        write(f"\nAffected institutions: {len(report.institutions)}")
        for name in report.institutions:
            write(f"  {name}")
        write(f"\nAudit events in the window: {len(report.events)}")
        for action, count in report.actions:
            write(f"  {action}: {count}")
        for event in report.events:
            when = timezone.localtime(event.created_at, zone)
            write(
                f"  {when:%Y-%m-%d %H:%M}\t{event.action}\t{event.actor_label or '-'}"
                f"\t{event.target_repr or '-'}\t{event.ip or '-'}"
            )
