"""E-mail registrants of events that start soon (cron, every hour)."""

from django.core.management.base import BaseCommand

from partners.events.registration import send_reminders


class Command(BaseCommand):
    help = (
        "Remind confirmed registrants of events starting within EVENTS_REMINDER_HOURS "
        "(default 24), once each, with the event's .ics."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"{count} reminder(s) queued")
