"""Load test set-up, in this process, straight through the ORM: the scratch
database, the demo story, the partner and staff accounts."""

import datetime
import subprocess

from config import BIN, DATABASE_URL, PARTNERS, PASSWORD, REDIS_URL, ROOT, STAFF, say


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
