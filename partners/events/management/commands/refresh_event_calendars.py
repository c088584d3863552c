"""Serialise every event's VEVENT again (after DJANGO_BASE_URL changes, or an
upgrade that changes the calendar format); feeds are then fast at once."""

from django.core.management.base import BaseCommand

from partners.events.feeds import bump_feed_version
from partners.events.ical import ICAL_FORMAT
from partners.events.models import Event
from partners.events.services import event_ical_cache_refresh


class Command(BaseCommand):
    help = "Store each shared event's calendar entry afresh (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            dest="refresh_all",
            action="store_true",
            help="also events whose stored entry looks current",
        )

    def handle(self, *args, refresh_all=False, **options):
        from django.conf import settings

        refreshed = 0
        for event in Event.objects.order_by("pk").iterator(chunk_size=500):
            stored = event.ical_cache or {}
            current = stored.get("v") == ICAL_FORMAT and stored.get("base") == settings.BASE_URL
            if refresh_all or not current:
                event_ical_cache_refresh(event)
                refreshed += 1
        bump_feed_version()
        self.stdout.write(f"{refreshed} event calendar entries refreshed.")
