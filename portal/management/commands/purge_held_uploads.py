"""Delete uploads held between two posts of a form once they are stale.

A request letter held after a failed post (portal.uploads.hold_upload) is
personal data; it is kept for two hours. Holding a new upload also purges,
but a quiet site would keep the last ones: run this hourly from cron.
"""

from django.core.management.base import BaseCommand

from portal.uploads import purge_held_uploads


class Command(BaseCommand):
    help = "Delete held form uploads (request letters) older than two hours."

    def handle(self, *args, **options):
        removed = purge_held_uploads()
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} stale held upload(s)."))
