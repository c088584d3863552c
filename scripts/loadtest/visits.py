"""Load test of the study-visit workflow on PostgreSQL (`make loadtest`).

Recreates the database `mitra_pustaka_loadtest`, loads the demo story, adds
50 verified partner institutions with one signed-in member each and two
cooperation-staff accounts, then starts gunicorn with the production
settings on 127.0.0.1 and, for LOADTEST_SECONDS (default 60):

- 50 partner threads sign in and submit visit requests through the real
  form (CSRF token, one-time key, PDF letter, a preferred slot drawn from a
  handful of open days so that requests collide), each re-sending one of
  its forms (a double click) now and then;
- 4 staff threads sign in to the Wagtail admin and approve pending requests
  into their preferred slot at the capacity-limited venue, racing each other.

Then it checks, from the database: every accepted submission is there
exactly once (no lost request, no duplicate from a double click), no two
scheduled visits overlap beyond the venue's capacity, and no response was a
5xx. It prints the figures and exits 1 when a check fails.
Staff MFA is switched off for the run (the threads cannot read a phone). Each
simulated user sends its own X-Forwarded-For address, as nginx would pass it,
so the per-address limits (sign-in, forms) apply per user as in production.
"""

import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

# config first: it sets the environment of the run before anything loads Django.
from config import BASE, BIN, PARTNERS, ROOT, SECONDS, STAFF, say  # isort: skip
from client import Stats, letter_pdf
from dataset import build_accounts, recreate_database
from users import admin_paths, partner_loop, staff_loop


def main():
    recreate_database()
    venue, partners, staff, slots = build_accounts()
    paths = admin_paths()
    from django.db import connection

    connection.close()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "portal.wsgi", "-c", "scripts/deploy/gunicorn.conf.py"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,  # e-mails go to the console backend without SMTP
    )
    stats = Stats()
    stop = threading.Event()
    pdf = letter_pdf()
    errors = []
    try:
        _wait_until_up()
        threads = [
            threading.Thread(
                target=_guard, args=(partner_loop, errors, email, slots, stats, stop, pdf)
            )
            for email in partners
        ] + [
            threading.Thread(
                target=_guard, args=(staff_loop, errors, email, venue.pk, paths, stats, stop)
            )
            for email in staff
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    return report(stats, venue, elapsed, errors)


def _guard(function, errors, *args):
    try:
        function(*args)
    except Exception as error:  # noqa: BLE001 - reported as a failure below
        errors.append(f"{function.__name__}: {error!r}")


def _wait_until_up():
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                BASE + "/healthz/", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
            )
            urllib.request.urlopen(request, timeout=10).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def report(stats, venue, elapsed, errors):
    from django.db.models import Count

    from visits.models import VisitRequest

    keys = list(stats.accepted)
    stored = Counter(
        str(key)
        for key in VisitRequest.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    lost = [key for key in keys if stored[key] == 0]
    duplicated = (
        VisitRequest.objects.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1)
    )
    scheduled = list(
        VisitRequest.objects.filter(venue=venue, state="scheduled").values_list(
            "scheduled_start", "scheduled_end"
        )
    )
    overbooked = 0
    for start, end in scheduled:
        overlapping = sum(1 for s, e in scheduled if s < end and start < e)
        if overlapping > venue.concurrent_visits:
            overbooked += 1
    server_errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    latencies = sorted(stats.latencies)
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    say(f"\n{PARTNERS} partners and {STAFF} staff for {elapsed:.0f} s against {BASE}")
    say(
        f"HTTP requests: {sum(stats.statuses.values())} ({dict(sorted(stats.statuses.items()))}); p50 {p50:.0f} ms, p99 {p99:.0f} ms"
    )
    for kind, seconds in sorted(stats.by_kind.items(), key=lambda item: -len(item[1])):
        seconds = sorted(seconds)
        say(
            f"  {kind}: {len(seconds)} requests, p50 {seconds[len(seconds) // 2] * 1000:.0f} ms, "
            f"p99 {seconds[int(len(seconds) * 0.99)] * 1000:.0f} ms"
        )
    say(
        f"submissions sent: {stats.submissions} (double clicks: {stats.resubmissions}, "
        f"refused by the rules, e.g. slot full: {stats.refused_by_rules})"
    )
    say(
        f"requests accepted: {len(keys)}, stored: {sum(stored.values())}, lost: {len(lost)}, duplicated keys: {duplicated.count()}"
    )
    say(
        f"approvals: {stats.approved} scheduled, {stats.refused} refused (slot taken or already handled)"
    )
    say(f"scheduled visits at the venue: {len(scheduled)}, overbooked: {overbooked}")
    say(f"5xx responses: {server_errors}; thread errors: {len(errors)}")
    for error in errors[:5]:
        say(f"  {error}")
    failed = lost or duplicated.exists() or overbooked or server_errors or errors or not keys
    say(
        "\nFAILED"
        if failed
        else "\nAll checks passed: no 5xx, no lost or duplicated request, no double booking."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
