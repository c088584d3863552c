"""The demo venue with its rules and the call to action of the visiting
guidelines (a step of ``visits.demo.build_visits``)."""

import datetime
import zoneinfo

from visits.models import ClosedDate, OpeningHours, Venue

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
VENUE_NAME = "Open Library Telkom University"
BRANCH_NAME = "Ruang Baca Open Library Makassar"


def wib_at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WIB)


def wita_at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WITA)


def weekday_from(today, days):
    day = today + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def build_venue(today):
    venue, created = Venue.objects.get_or_create(
        name=VENUE_NAME,
        defaults={
            "address": "Gedung Open Library, Telkom University\nJl. Telekomunikasi No. 1, Bandung",
            "time_zone": "Asia/Jakarta",
            "max_group_size": 40,
            "concurrent_visits": 1,
            "default_duration": datetime.timedelta(hours=2),
            "min_duration": datetime.timedelta(hours=1),
            "max_duration": datetime.timedelta(hours=4),
            "setup_minutes": 15,
            "teardown_minutes": 15,
            "min_lead_days": 14,
            "max_ahead_days": 180,
        },
    )
    if created:
        for weekday in range(5):
            OpeningHours.objects.create(
                venue=venue, weekday=weekday, opens=datetime.time(8), closes=datetime.time(16)
            )
        OpeningHours.objects.create(
            venue=venue, weekday=5, opens=datetime.time(9), closes=datetime.time(12)
        )
    holidays = (
        [
            (datetime.date(year, 8, 17), "Hari Kemerdekaan RI")
            for year in (today.year, today.year + 1)
        ]
        + [
            (datetime.date(year, 12, 25), "Hari Raya Natal")
            for year in (today.year, today.year + 1)
        ]
        + [(datetime.date(today.year + 1, 1, 1), "Tahun Baru")]
    )
    for day, reason in holidays:
        ClosedDate.objects.get_or_create(venue=None, date=day, defaults={"reason": reason})
    if created:
        ClosedDate.objects.get_or_create(
            venue=venue,
            date=weekday_from(today, 24),
            defaults={"reason": "Stock opname koleksi"},
        )
    return venue


def build_branch_venue(today, approver=None):
    """The branch reading room in Makassar (WITA, UTC+8): short visits with
    set-up and clear-up time, two visits per institution a semester, decided
    by its own approver."""
    venue, created = Venue.objects.get_or_create(
        name=BRANCH_NAME,
        defaults={
            "address": "Ruang Baca Open Library, Lantai 1\nJl. A. P. Pettarani No. 10, Makassar",
            "time_zone": "Asia/Makassar",
            "max_group_size": 25,
            "concurrent_visits": 1,
            "default_duration": datetime.timedelta(minutes=90),
            "min_duration": datetime.timedelta(hours=1),
            "max_duration": datetime.timedelta(hours=3),
            "setup_minutes": 30,
            "teardown_minutes": 15,
            "quota_visits": 2,
            "quota_period": "semester",
            "min_lead_days": 10,
            "max_ahead_days": 120,
        },
    )
    if created:
        for weekday in range(5):
            OpeningHours.objects.create(
                venue=venue, weekday=weekday, opens=datetime.time(8), closes=datetime.time(15)
            )
        if approver is not None:
            venue.approvers.add(approver)
    return venue


def link_guidelines(context):
    """Add a "see free days" call to action to the visiting guidelines, once."""
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale

    guidelines = context.get("guidelines")
    if guidelines is None:
        return
    english = Locale.objects.filter(language_code="en").first()
    pages = {
        "id": guidelines,
        "en": guidelines.get_translation_or_none(english) if english else None,
    }
    for language, text, label in (
        (
            "id",
            "Lihat hari yang masih kosong dan ajukan kunjungan secara daring.",
            "Jadwal kunjungan",
        ),
        (
            "en",
            "See which days are still free and request a visit online.",
            "Visit calendar",
        ),
    ):
        page = pages[language]
        if page is None or page.alias_of_id:
            continue
        page = page.specific
        if any(block.block_type == "call_to_action" for block in page.body):
            continue
        with translation.override(language):
            url = reverse("visits:visiting")
        page.body.append(
            ("call_to_action", {"text": text, "url": url, "label": label, "page": None})
        )
        page.save_revision().publish()
