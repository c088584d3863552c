from django.core.management.base import BaseCommand

from visits.services.reminders import REMINDER_DAYS_AHEAD, visit_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail partners a reminder of visits starting within the next days. "
        "Safe to run as often as you like: each visit is reminded once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS_AHEAD,
            help=f"How many days ahead to look (default {REMINDER_DAYS_AHEAD}).",
        )

    def handle(self, *args, days, **options):
        reminded = visit_reminders_send(days_ahead=days)
        self.stdout.write(
            self.style.SUCCESS(f"Reminders queued: {len(reminded)}")
            if reminded
            else "No reminders due."
        )
