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

import datetime
import http.cookiejar
import io
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PORT = int(os.environ.get("LOADTEST_PORT", "8031"))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
PARTNERS = int(os.environ.get("LOADTEST_PARTNERS", "50"))
STAFF = int(os.environ.get("LOADTEST_STAFF", "4"))
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mitra_pustaka_loadtest"
)
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/12")
PASSWORD = "beban-uji-2026-rahasia"  # noqa: S105 - scratch accounts in a scratch database

ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "loadtest-only-" + "l" * 60,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_BASE_URL": "https://127.0.0.1",
    "DJANGO_BEHIND_PROXY": "true",
    "DJANGO_STAFF_MFA_REQUIRED": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_WORKERS": os.environ.get("LOADTEST_WORKERS", "4"),
    "GUNICORN_THREADS": "2",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))


def say(message):
    print(message, flush=True)


# --------------------------------------------------------------------------
# Set-up, in this process, straight through the ORM.
# --------------------------------------------------------------------------
def recreate_database():
    import psycopg
    import redis

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    manage = [str(BIN / "python"), "manage.py"]
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_data", "--if-empty", "--force"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([*manage, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def build_accounts():
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from partners.models import Institution, Membership
    from portal.models import User
    from visits.models import Venue
    from visits.services import availability, month_calendar

    venue = Venue.objects.active().order_by("pk").first()
    # One visit at a time makes every overlapping approval a race.
    venue.concurrent_visits = 1
    venue.save()
    partners = []
    for number in range(PARTNERS):
        institution, _ = Institution.objects.get_or_create(
            slug=f"beban-{number:02d}",
            defaults={
                "name": f"Perpustakaan Beban {number:02d}",
                "kind": Institution._meta.get_field("kind").choices[0][0],
                "province": Institution._meta.get_field("province").choices[0][0],
                "is_verified": True,
                "verified_at": timezone.now(),
            },
        )
        email = f"mitra{number:02d}@beban.example"
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=f"Mitra {number}")
        _verify_email(user)
        Membership.objects.create(user=user, institution=institution, state=Membership.State.ACTIVE)
        partners.append(email)
    staff = []
    group = Group.objects.get(name="Cooperation staff")
    for number in range(STAFF):
        email = f"staf{number}@beban.example"
        user = User.objects.create_user(
            email=email, password=PASSWORD, full_name=f"Staf {number}", is_staff=True
        )
        _verify_email(user)
        user.groups.add(group)
        staff.append(email)

    # A few open days inside the booking window: requests collide on them.
    open_days = []
    today = availability.venue_today(venue)
    first, last = availability.booking_window(venue)
    month = first.replace(day=1)
    while len(open_days) < 6 and month <= last:
        weeks = month_calendar.month_availability(venue=venue, year=month.year, month=month.month)
        for day in (day for week in weeks for day in week):
            if first <= day.date <= last and day.status == month_calendar.DayStatus.OPEN:
                open_days.append(day.date)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    slots = []
    for day in open_days[:6]:
        periods = availability._opening_periods(venue, day)
        opens, closes = (moment.time() for moment in periods[0])
        start = max(opens, datetime.time(9, 0))
        for hour in (start.hour, start.hour + 2):
            if datetime.time(hour + 2, 0) <= closes:
                slots.append((day, datetime.time(hour, 0), datetime.time(hour + 2, 0)))
    say(f"venue {venue.name!r}: capacity {venue.concurrent_visits}, {len(slots)} contested slots")
    del today
    return venue, partners, staff, slots


def _verify_email(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


# --------------------------------------------------------------------------
# HTTP clients.
# --------------------------------------------------------------------------
NUMBER = re.compile(r"/\d+/")
SEEN = re.compile(r'name="schedule-seen" value="([^"]*)"')


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.accepted = Counter()  # one-time key -> accepted submissions (redirects)
        self.submissions = 0
        self.resubmissions = 0
        self.approved = 0
        self.refused = 0
        self.refused_by_rules = 0
        self.latencies = []
        self.by_kind = {}  # "POST /path/{n}/" -> latencies

    def record(self, status, seconds, kind):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            self.by_kind.setdefault(kind, []).append(seconds)


class Client:
    def __init__(self, stats, address):
        self.stats = stats
        # Each simulated user comes from its own address, as through nginx.
        self.address = address

        # The app believes it is behind TLS (X-Forwarded-Proto), so its cookies
        # are Secure; send them back over this loopback HTTP connection anyway.
        class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
            def return_ok_secure(self, cookie, request):
                return True

        self.jar = http.cookiejar.CookieJar(policy=LoopbackPolicy())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, path, data=None, files=None):
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Host": "127.0.0.1",
            "Referer": f"https://127.0.0.1{path}",
        }
        body = None
        if files is not None:
            body, content_type = _multipart(data, files)
            headers["Content-Type"] = content_type
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(BASE + path, data=body, headers=headers)
        started = time.monotonic()
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        text = response.read().decode("utf-8", "replace")
        method = "POST" if body is not None else "GET"
        kind = f"{method} {NUMBER.sub('/{n}/', path.split('?')[0])}"
        self.stats.record(response.status, time.monotonic() - started, kind)
        return response.status, response.headers, text

    def sign_in(self, email):
        _, _, html = self.request("/accounts/login/")
        status, headers, _ = self.request(
            "/accounts/login/",
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf(html)},
        )
        if status != 302:
            raise RuntimeError(f"sign-in of {email} failed: HTTP {status}")


def csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def hidden_inputs(html):
    fields = {}
    for tag in re.findall(r"<input[^>]+>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def checkbox_names(html):
    return set(re.findall(r'<input[^>]+type="checkbox"[^>]+name="([^"]+)"', html))


def _multipart(data, files):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            )
            out.write(str(item).encode() + b"\r\n")
    for name, (filename, content, mime) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def letter_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# The two kinds of users.
# --------------------------------------------------------------------------
def partner_loop(email, slots, stats, stop, pdf):
    rng = random.Random(email)  # noqa: S311 - load pattern, not security
    client = Client(stats, f"10.1.0.{int(email[5:7]) + 1}")
    client.sign_in(email)
    create = "/kunjungan-saya/ajukan/"
    while not stop.is_set():
        status, _, html = client.request(create)
        if status != 200:
            continue
        day, start, end = rng.choice(slots)
        fields = hidden_inputs(html)
        fields.update(
            {
                "purpose": "Studi banding layanan perpustakaan digital dan literasi kesehatan.",
                "group_size": 10,
                "leaders_count": 2,
                "staff_count": 2,
                "librarians_count": 4,
                "students_count": 2,
                "others_count": 0,
                "contact_name": "Kontak Uji Beban",
                "contact_email": email,
                "slot_1_date": day.isoformat(),
                "slot_1_start": start.strftime("%H:%M"),
                "slot_1_end": end.strftime("%H:%M"),
            }
        )
        for name in checkbox_names(html):
            if "consent" in name or "privacy" in name:
                fields[name] = "on"
        files = {"request_letter": ("surat-permohonan.pdf", pdf, "application/pdf")}
        key = fields.get("idempotency_key")
        times = 2 if rng.random() < 0.2 else 1  # a double click now and then
        for attempt in range(times):
            status, headers, body = client.request(create, fields, files)
            with stats.lock:
                stats.submissions += 1
                stats.resubmissions += attempt
                if status == 302 and attempt == 0:
                    stats.accepted[key] += 1
                elif status == 200 and attempt == 0:
                    stats.refused_by_rules += 1  # e.g. the slot is already full


def staff_loop(email, venue_id, paths, stats, stop):
    from visits.models import VisitRequest

    client = Client(stats, f"10.2.0.{int(email[4]) + 1}")
    client.sign_in(email)
    rng = random.Random(email)  # noqa: S311
    while not stop.is_set():
        pending = list(
            VisitRequest.objects.filter(state__in=["submitted", "under_review"])
            .order_by("?")
            .values_list("pk", flat=True)[:5]
        )
        if not pending:
            time.sleep(0.2)
            continue
        pk = rng.choice(pending)
        visit = VisitRequest.objects.prefetch_related("preferred_slots").get(pk=pk)
        slot = visit.preferred_slots.all()[0]
        zone = datetime.timezone(datetime.timedelta(hours=7))
        start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        status, _, html = client.request(paths["inspect"].format(pk=pk))
        token = csrf(html) if status == 200 else ""
        # The version of the request the page showed: a colleague's approval
        # in between makes this one stale, and it is refused.
        seen = SEEN.search(html) if status == 200 else None
        status, headers, _ = client.request(
            paths["schedule"].format(pk=pk),
            {
                "csrfmiddlewaretoken": token,
                "schedule-seen": seen.group(1) if seen else "",
                "schedule-venue": venue_id,
                "schedule-date": start.date().isoformat(),
                "schedule-start": start.strftime("%H:%M"),
                "schedule-end": end.strftime("%H:%M"),
                "schedule-note": "",
            },
        )
        visit.refresh_from_db()
        with stats.lock:
            if visit.state == "scheduled":
                stats.approved += 1
            else:
                stats.refused += 1


def admin_paths():
    from django.urls import reverse

    marker = 987654321
    return {
        "inspect": reverse("visit_requests:inspect", args=[marker]).replace(str(marker), "{pk}"),
        "schedule": reverse("visit_requests:action", args=[marker, "schedule"]).replace(
            str(marker), "{pk}"
        ),
    }


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
