"""Save one record every second until stopped (used by scripts/bench/run.py).

`churn.py unrelated`: a visit request, which no public page shows.
`churn.py relevant`: an event, which the events list shows.
Runs with the bench environment (production settings, the bench database).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402


def main(kind):
    if kind == "relevant":
        from partners.events.models import Event
        from partners.events.services import event_save

        record = Event.objects.filter(uid__startswith="event-bench-").order_by("pk").first()

        def change():
            event_save(record)

    else:
        from visits.models import VisitRequest

        record = VisitRequest.objects.order_by("pk").first()

        def change():
            record.save()

    with transaction.atomic():
        change()
    print("ready", flush=True)
    while True:
        time.sleep(1)
        with transaction.atomic():
            change()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "unrelated")
