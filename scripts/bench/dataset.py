"""Fill the benchmark database with a realistic amount of data.

Run by scripts/bench/run.py after migrate and load_demo_data, with the same
environment (production settings, the bench database). Adds about 500 news
articles, 200 institutions, 2,000 events and 1,000 visit requests on top of
the demo story; each part runs only when its feature is installed. Prints
one JSON object: the public URLs to measure.
"""

import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from partners.models import Institution, InstitutionKind  # noqa: E402
from partners.provinces import Province  # noqa: E402

RANDOM = random.Random(2024)  # noqa: S311 - reproducible filler, not security
TODAY = datetime.date.today()
# The demo story's first visit (visits/demo.py). Held bench visits go back
# from the day before it, one a day, so that they never meet the visits the
# demo dates relative to the day it is loaded; days already taken at the
# venue are skipped all the same. Nothing here depends on the date it runs.
SEED_DAY = datetime.date(2024, 3, 26)
CITIES = ["Bandung", "Banjarmasin", "Makassar", "Jayapura", "Medan", "Surabaya", "Padang"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def institutions(target=200):
    existing = Institution.objects.count()
    kinds = [value for value, _label in InstitutionKind.choices]
    provinces = [value for value, _label in Province.choices]
    new = [
        Institution(
            name=f"Perpustakaan Uji Beban {number:03d}",
            slug=f"perpustakaan-uji-beban-{number:03d}",
            kind=RANDOM.choice(kinds),
            province=RANDOM.choice(provinces),
            city=RANDOM.choice(CITIES),
            description="Perpustakaan mitra untuk uji beban. " * 4,
            is_verified=number % 10 != 0,
        )
        for number in range(existing, target)
    ]
    Institution.objects.bulk_create(new)
    log(f"institutions: {Institution.objects.count()}")


def news(target=500):
    try:
        from news.models import NewsIndexPage, NewsPage
    except ImportError:
        return None
    index = NewsIndexPage.objects.live().filter(locale__language_code="id").first()
    if index is None:
        return None
    from news.models import NewsCategory, NewsPerson
    from tests.factories import news as news_factories

    categories = list(NewsCategory.objects.all()) or [news_factories.NewsCategoryFactory()]
    people = list(NewsPerson.objects.all()) or [news_factories.NewsPersonFactory()]
    partners = list(Institution.objects.filter(is_verified=True)[:60])
    have = NewsPage.objects.count()
    for number in range(have, target):
        news_factories.NewsPageFactory(
            parent=index,
            title=f"Kabar kerja sama perpustakaan nomor {number}",
            slug=f"kabar-uji-beban-{number}",
            date=TODAY - datetime.timedelta(days=number % 900),
            writers=[RANDOM.choice(people)],
            categories=[RANDOM.choice(categories)],
            partners=[RANDOM.choice(partners)],
            tags=[f"topik-{number % 12}", "literasi"],
        )
    log(f"news: {NewsPage.objects.count()}")
    article = NewsPage.objects.live().filter(locale=index.locale).order_by("-pk").first()
    return {"news index": index.url, "news article": article.url}


def events(target=2000):
    try:
        from partners.events import recurrence
        from partners.events.models import Event
        from partners.events.services import event_ical_cache_refresh
    except ImportError:
        return None
    from tests.factories import events as event_factories
    from tests.factories.events import in_days

    partners = list(Institution.objects.filter(is_verified=True)[:50])
    have = Event.objects.count()
    built = []
    for number in range(have, target):
        event = event_factories.EventFactory.build(
            title=f"Kegiatan literasi bersama {number}",
            slug=f"kegiatan-uji-beban-{number}",
            uid=f"event-bench-{number}@mitra-pustaka",
            start=in_days(RANDOM.randint(-365, 365), hour=RANDOM.choice((9, 13, 19))),
        )
        event.last_end = recurrence.last_end(event)
        built.append(event)
    Event.objects.bulk_create(built, batch_size=500)
    through = Event.partners.through
    through.objects.bulk_create(
        [
            through(event_id=event.pk, institution_id=RANDOM.choice(partners).pk)
            for event in Event.objects.filter(uid__startswith="event-bench-").only("pk")
        ],
        ignore_conflicts=True,
    )
    # bulk_create skips event_save(): store each event's serialised VEVENT as it would.
    for event in Event.objects.filter(uid__startswith="event-bench-", ical_cache={}):
        event_ical_cache_refresh(event)
    log(f"events: {Event.objects.count()}")
    event = (
        Event.objects.filter(start__gte=datetime.datetime.now(datetime.UTC))
        .order_by("start")
        .first()
    )
    urls = {}
    for label, name, kwargs in (
        ("events list", "events:event-list", {}),
        ("events .ics feed", "events:feed", {}),
    ):
        try:
            urls[label] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            log(f"no URL named {name}")
    if event is not None and hasattr(event, "get_absolute_url"):
        urls["event page"] = event.get_absolute_url()
    return urls


def _free_days(taken):
    """Days going back from the day before the seed visit, skipping taken ones."""
    day = SEED_DAY
    while True:
        day -= datetime.timedelta(days=1)
        if day not in taken:
            yield day


def visits(target=1000):
    try:
        from visits.models import Venue, VisitRequest
    except ImportError:
        return None
    from portal.models import User
    from tests.factories import visits as visit_factories

    partners = list(Institution.objects.filter(is_verified=True)[:100])
    requester = User.objects.filter(email__endswith="poltekes-banjarmasin.example").first()
    venue = Venue.objects.order_by("pk").first()
    taken = {
        timezone.localdate(start)
        for start in VisitRequest.objects.filter(
            venue=venue, scheduled_start__isnull=False
        ).values_list("scheduled_start", flat=True)
    }
    held_days = _free_days(taken)
    have = VisitRequest.objects.count()
    for number in range(have, target):
        fields = {"institution": RANDOM.choice(partners), "requester": requester}
        if number % 5 < 3 and venue is not None:
            # Held visits in the past, one a day before the seed story, for the statistics.
            day = next(held_days)
            fields.update(
                state=RANDOM.choice(["completed", "reported"]),
                venue=venue,
                venue_place=1,
                scheduled_start=visit_factories.wib(day, 9),
                scheduled_end=visit_factories.wib(day, 11),
            )
        else:
            fields["state"] = RANDOM.choice(["submitted", "under_review", "declined", "cancelled"])
        visit_factories.VisitRequestFactory(**fields)
    log(f"visit requests: {VisitRequest.objects.count()}")
    return {}


def _client(user, *, totp=False):
    """A signed-in test client; its session row is in the bench database, so the
    server recognises the cookie. Staff prove TOTP the way the tests do."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    if totp:
        secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  # nosec B105 - bench only
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(user, secret)
        cache.clear()  # allauth remembers used codes
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        target = reverse("mfa_reauthenticate")
        response = client.post(target, {"code": code}, secure=True)
        if response.status_code not in (200, 302):
            log(f"TOTP for {user.email}: {response.status_code}")
    return client


def signed_in():
    """Prepared sessions and the pages to measure for a partner member and staff."""
    from django.conf import settings

    from portal.models import User

    cookie = settings.SESSION_COOKIE_NAME
    pages = {}
    member = User.objects.filter(email="pustakawan@poltekes-banjarmasin.example").first()
    if member is not None:
        client = _client(member)
        session = client.cookies[cookie].value
        from partners.models import Membership

        membership = Membership.objects.filter(user=member).select_related("institution").first()
        slug = membership.institution.slug if membership else ""
        for label, name, args in (
            ("home", None, ()),
            ("dashboard", "partners:dashboard-institution", (slug,)),
            ("my visits", "visits:request-list", ()),
            ("request form", "visits:request-create", ()),
            ("private calendar", "events:my-calendar", ()),
        ):
            try:
                path = "/" if name is None else reverse(name, args=args)
            except NoReverseMatch:
                log(f"no URL named {name}")
                continue
            pages[f"member: {label}"] = {"path": path, "cookie": f"{cookie}={session}"}
    staff = User.objects.filter(email="kerjasama@openlibrary.example").first()
    if staff is not None:
        from visits.models import VisitRequest

        client = _client(staff, totp=True)
        session = client.cookies[cookie].value
        visit = VisitRequest.objects.order_by("-pk").first()
        for label, name, args in (
            ("staff: visit requests", "visit_requests:index", ()),
            ("staff: a request", "visit_requests:inspect", (visit.pk,) if visit else None),
            ("staff: agenda", "visit_agenda:index", ()),
            ("staff: agreements", "partners_agreements:index", ()),
        ):
            if args is None:
                continue
            try:
                path = reverse(name, args=args)
            except NoReverseMatch:
                log(f"no URL named {name}")
                continue
            pages[label] = {"path": path, "cookie": f"{cookie}={session}"}
    return pages


def count_queries(urls, pages):
    """Queries per page rendered in this process, page cache off (what a miss costs)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
        anonymous = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        for label, path in urls.items():
            for _attempt in range(2):  # the second, warm render is counted
                with CaptureQueriesContext(connection) as queries:
                    anonymous.get(path, secure=True)
            counts[label] = len(queries)
        for label, page in pages.items():
            client = Client(
                HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_COOKIE=page["cookie"]
            )
            for _attempt in range(2):
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(page["path"], secure=True)
            if response.status_code != 200:
                log(f"{label} {page['path']}: {response.status_code}")
            counts[label] = len(queries)
    return counts


def main():
    urls = {"home": "/"}
    with transaction.atomic():
        institutions()
    try:
        urls["partner directory"] = reverse("partners:directory")
    except NoReverseMatch:
        log("no URL named partners:directory")
    for part in (news, events, visits):
        try:
            with transaction.atomic():
                found = part()
        except ImportError as error:
            log(f"{part.__name__}: skipped ({error})")
            continue
        urls.update(found or {})
    pages = signed_in()
    print(json.dumps({"public": urls, "signed_in": pages, "queries": count_queries(urls, pages)}))


if __name__ == "__main__":
    main()
