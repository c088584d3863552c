from django.core.management.base import BaseCommand

from visits.services import alerts


class Command(BaseCommand):
    help = (
        "E-mail the daily digest of open visit requests to cooperation staff who chose it "
        "(oldest first; those waiting longer than VISITS_DIGEST_OVERDUE_DAYS working days "
        "at the top). Run once a day; a second run on the same day sends nobody a second digest."
    )

    def handle(self, *args, **options):
        sent = alerts.digest_send_daily()
        self.stdout.write(
            self.style.SUCCESS(f"Digests sent: {len(sent)}") if sent else "No digest to send."
        )
