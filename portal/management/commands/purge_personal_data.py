"""Purge personal data whose retention period is over (UU PDP).

Each feature anonymises its own old records through the
``retention_purge`` extension point (see portal/extensions.py); the portal
itself clears the IP address and browser of old consent records and deletes
audit events older than PORTAL_AUDIT_RETENTION_DAYS. Idempotent: run it
daily from cron.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.privacy import services


class Command(BaseCommand):
    help = "Delete or anonymise personal data older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Retention in days (default: PORTAL_RETENTION_DAYS, now {settings.PORTAL_RETENTION_DAYS}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be purged without changing anything.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        days = settings.PORTAL_RETENTION_DAYS if days is None else days
        counts = services.retention_purge(days=days, dry_run=dry_run)
        verb = "would be purged" if dry_run else "purged"
        cutoff = services.retention_cutoff(days)
        self.stdout.write(f"Retention {days} days (before {cutoff:%Y-%m-%d %H:%M %Z}); {verb}:")
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"  {kind}: {count}")
        self.stdout.write(f"Total: {sum(counts.values())}")
