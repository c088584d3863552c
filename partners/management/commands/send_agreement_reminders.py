import datetime

from django.core.management.base import BaseCommand, CommandError

from partners.services import REMINDER_DAYS, agreement_reminders_send, follow_up_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail cooperation staff and the partners' coordinators {} days before an "
        "agreement ends, and the side responsible for a follow-up action 7 days before "
        "it is due. Each reminder is sent once, however often this runs."
    ).format("/".join(str(days) for days in REMINDER_DAYS))

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Pretend today is this date (YYYY-MM-DD), to test the schedule.",
        )

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    f"--today must be a date like 2026-06-01, not {today!r}."
                ) from None
        sent = agreement_reminders_send(today=day)
        for reminder in sent:
            self.stdout.write(
                f"{reminder.agreement} ({reminder.end_date.isoformat()}): "
                f"{reminder.days_before}-day reminder to {reminder.recipients} recipient(s)"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
        follow_ups = follow_up_reminders_send(today=day)
        for follow_up in follow_ups:
            self.stdout.write(f"{follow_up} ({follow_up.due_date.isoformat()}): reminder sent")
        self.stdout.write(self.style.SUCCESS(f"{len(follow_ups)} follow-up reminder(s) sent."))
