"""The queries every reader of shared events builds on."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from partners.events.choices import EventStatus

# A cancelled event stays in the feeds this long, so subscribers see it go.
CANCELLED_KEPT_DAYS = 30
# Stored instants outside this range cannot be shown in every zone (a local
# time would fall before year 1 or after 9999, which Python cannot hold):
# such rows, only ever written around the forms, are left out of pages and
# feeds instead of breaking them. The admin form keeps far narrower limits.
EXPRESSIBLE_FROM = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
EXPRESSIBLE_UNTIL = datetime.datetime(9999, 12, 30, 23, 59, tzinfo=datetime.UTC)


class EventQuerySet(models.QuerySet):
    def expressible(self):
        """Events whose dates can be shown in every zone (see EXPRESSIBLE_FROM)."""
        return self.filter(
            start__gte=EXPRESSIBLE_FROM,
            end__lte=EXPRESSIBLE_UNTIL,
        ).exclude(last_end__gt=EXPRESSIBLE_UNTIL)

    def public(self):
        return self.filter(is_public=True).expressible()

    def upcoming(self, *, now=None):
        """Events (or series) not over yet and not cancelled."""
        now = now or timezone.now()
        return self.exclude(status=EventStatus.CANCELLED).filter(
            Q(last_end__gte=now) | Q(last_end__isnull=True)
        )

    def past(self, *, now=None):
        now = now or timezone.now()
        return self.filter(last_end__lt=now)

    def in_feed(self, *, now=None):
        """What a subscribed calendar holds: current, future and recent
        events; cancelled ones for CANCELLED_KEPT_DAYS after cancelling."""
        now = now or timezone.now()
        recent = now - datetime.timedelta(days=90)
        kept_since = now - datetime.timedelta(days=CANCELLED_KEPT_DAYS)
        return self.filter(Q(last_end__gte=recent) | Q(last_end__isnull=True)).exclude(
            status=EventStatus.CANCELLED, cancelled_at__lt=kept_since
        )

    def for_institutions(self, institutions):
        return self.filter(partners__in=institutions).expressible().distinct()
