"""Demo study visits: the Open Library venue with its rules, the seed visit of
Poltekes Banjarmasin on 26 March 2024 (held and reported) and one request in
every other state, dated relative to the day the demo is loaded.

Records are written directly (not through the services) so that loading the
demo sends no e-mail and may place visits in the past. Each request has a
fixed submission key, so a second run finds it and changes nothing.
"""

import datetime
import io
import uuid
import zoneinfo

from django.core.files.base import ContentFile
from django.utils import timezone

from visits.choices import VisitState
from visits.models import (
    ClosedDate,
    OpeningHours,
    PreferredSlot,
    Topic,
    Venue,
    VisitMessage,
    VisitRequest,
    VisitTransition,
)

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
VENUE_NAME = "Open Library Telkom University"
STAFF_EMAIL = "kerjasama@openlibrary.example"
POLTEKES_EMAIL = "pustakawan@poltekes-banjarmasin.example"
KEY_NAMESPACE = uuid.UUID("6f1c1d3e-8a52-4c55-9d0e-3b1f6b0a7c21")


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WIB)


def _weekday_from(today, days):
    day = today + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _letter_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return ContentFile(buffer.getvalue(), name="surat-permohonan.pdf")


def build_venue(today):
    venue, created = Venue.objects.get_or_create(
        name=VENUE_NAME,
        defaults={
            "address": "Gedung Open Library, Telkom University\nJl. Telekomunikasi No. 1, Bandung",
            "time_zone": "Asia/Jakarta",
            "max_group_size": 40,
            "concurrent_visits": 1,
            "default_duration": datetime.timedelta(hours=2),
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
            date=_weekday_from(today, 24),
            defaults={"reason": "Stock opname koleksi"},
        )
    return venue


def _request(key, **fields):
    """The demo request with this key, created once with its history."""
    idempotency_key = uuid.uuid5(KEY_NAMESPACE, key)
    existing = VisitRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    slots = fields.pop("slots")
    topics = fields.pop("topics", [])
    history = fields.pop("history")
    messages = fields.pop("messages", [])
    visit = VisitRequest(idempotency_key=idempotency_key, **fields)
    visit.request_letter.save("surat-permohonan.pdf", _letter_pdf(), save=False)
    visit.save()
    visit.topics.set(topics)
    for position, (start, end) in enumerate(slots, start=1):
        PreferredSlot.objects.create(request=visit, position=position, start=start, end=end)
    previous = ""
    for state, actor, at, note in history:
        VisitTransition.objects.create(
            request=visit, from_state=previous, to_state=state, actor=actor, at=at, note=note
        )
        previous = state
    for author, from_staff, at, body in messages:
        VisitMessage.objects.create(
            request=visit, author=author, from_staff=from_staff, created_at=at, body=body
        )
    return visit, True


def build_visits(context):
    users = context.get("users", {})
    staff = users.get(STAFF_EMAIL)
    poltekes = context.get("poltekes")
    institutions = context.get("institutions") or []
    if poltekes is None:
        return {}
    requester = users.get(POLTEKES_EMAIL)
    today = timezone.localdate()
    venue = build_venue(today)
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    agreements = context.get("agreements", {})
    contact = {
        "contact_name": requester.full_name if requester else "Nur Aisyah",
        "contact_email": POLTEKES_EMAIL,
        "contact_phone": "+62 511 000 0000",
    }

    seed_day = datetime.date(2024, 3, 26)
    seed, _created = _request(
        "seed-poltekes-2024-03-26",
        institution=poltekes,
        requester=requester,
        **contact,
        purpose=(
            "Mempelajari pengelolaan perpustakaan digital dan layanan Open Library, serta "
            "menjajaki program literasi bersama dan pertukaran pengetahuan dan pengalaman "
            "dalam pengelolaan perpustakaan."
        ),
        topics=[
            topics[slug]
            for slug in ("perpustakaan-digital", "manajemen-perpustakaan", "literasi-kesehatan")
            if slug in topics
        ],
        group_size=12,
        leaders_count=1,
        staff_count=4,
        librarians_count=7,
        agreement=agreements.get("poltekes_mou"),
        state=VisitState.REPORTED,
        venue=venue,
        venue_place=1,
        scheduled_start=_at(seed_day, 9),
        scheduled_end=_at(seed_day, 12),
        host_staff=staff,
        sequence=1,
        created_at=_at(datetime.date(2024, 2, 26), 10),
        slots=[(_at(seed_day, 9), _at(seed_day, 12)), (_at(seed_day, 13), _at(seed_day, 16))],
        history=[
            (VisitState.SUBMITTED, requester, _at(datetime.date(2024, 2, 26), 10), ""),
            (VisitState.UNDER_REVIEW, staff, _at(datetime.date(2024, 2, 27), 9), ""),
            (
                VisitState.SCHEDULED,
                staff,
                _at(datetime.date(2024, 2, 29), 14),
                "Rombongan diterima di lobi Open Library pukul 09.00 WIB.",
            ),
            (VisitState.COMPLETED, staff, _at(seed_day, 13), "Kunjungan berjalan lancar."),
            (
                VisitState.REPORTED,
                staff,
                _at(datetime.date(2024, 3, 27), 10),
                "Berita kunjungan diterbitkan.",
            ),
        ],
        messages=[
            (
                requester,
                False,
                _at(datetime.date(2024, 2, 28), 8),
                "Rombongan kami dipimpin Direktur Akademik dan membawa seluruh pustakawan. "
                "Mohon informasi tempat parkir untuk satu bus kecil.",
            ),
            (
                staff,
                True,
                _at(datetime.date(2024, 2, 28), 11),
                "Bus dapat parkir di area parkir Gedung Open Library. Kami tunggu di lobi.",
            ),
        ],
    )

    others = [i for i in institutions if i.pk != poltekes.pk] or [poltekes]

    def day(offset):
        return _weekday_from(today, offset)

    base = {
        "venue": venue,
        "group_size": 20,
        "leaders_count": 2,
        "librarians_count": 8,
        "students_count": 10,
    }
    specs = [
        (
            "submitted",
            poltekes,
            requester,
            VisitState.SUBMITTED,
            day(21),
            [(VisitState.SUBMITTED, requester, "")],
        ),
        (
            "under-review",
            others[0],
            None,
            VisitState.UNDER_REVIEW,
            day(28),
            [(VisitState.SUBMITTED, None, ""), (VisitState.UNDER_REVIEW, staff, "")],
        ),
        (
            "changes-requested",
            poltekes,
            requester,
            VisitState.CHANGES_REQUESTED,
            day(35),
            [
                (VisitState.SUBMITTED, requester, ""),
                (
                    VisitState.CHANGES_REQUESTED,
                    staff,
                    "Mohon lampirkan daftar nama peserta dan pilih tanggal kedua.",
                ),
            ],
        ),
        (
            "scheduled",
            others[1 % len(others)],
            None,
            VisitState.SCHEDULED,
            day(20),
            [
                (VisitState.SUBMITTED, None, ""),
                (VisitState.SCHEDULED, staff, "Sampai jumpa di Open Library."),
            ],
        ),
        (
            "declined",
            others[2 % len(others)],
            None,
            VisitState.DECLINED,
            day(30),
            [
                (VisitState.SUBMITTED, None, ""),
                (VisitState.DECLINED, staff, "Pada tanggal tersebut ruang kunjungan direnovasi."),
            ],
        ),
        (
            "cancelled",
            poltekes,
            requester,
            VisitState.CANCELLED,
            day(40),
            [
                (VisitState.SUBMITTED, requester, ""),
                (VisitState.SCHEDULED, staff, ""),
                (VisitState.CANCELLED, requester, "Bertepatan dengan ujian akhir semester."),
            ],
        ),
        (
            "completed",
            others[0],
            None,
            VisitState.COMPLETED,
            _weekday_from(today, -20),
            [
                (VisitState.SUBMITTED, None, ""),
                (VisitState.SCHEDULED, staff, ""),
                (VisitState.COMPLETED, staff, ""),
            ],
        ),
    ]
    created_visits = {"seed_visit": seed, "venue": venue}
    for key, institution, who, state, visit_day, history in specs:
        start, end = _at(visit_day, 9), _at(visit_day, 11)
        fields = {
            **base,
            "institution": institution,
            "requester": who,
            "contact_name": who.full_name if who else "Koordinator Perpustakaan",
            "contact_email": who.email if who else f"perpustakaan@{institution.slug}.example",
            "purpose": "Belajar layanan sirkulasi mandiri dan repositori institusi.",
            "topics": [topics[slug] for slug in ("repositori", "otomasi") if slug in topics],
            "state": state,
            "slots": [(start, end)],
            "created_at": min(timezone.now(), start) - datetime.timedelta(days=14),
        }
        if state in (VisitState.SCHEDULED, VisitState.COMPLETED) or key == "cancelled":
            fields.update(
                scheduled_start=start,
                scheduled_end=end,
                venue_place=1,
                host_staff=staff,
                sequence=2 if key == "cancelled" else 1,
            )
        if state == VisitState.DECLINED:
            fields["decline_reason"] = history[-1][2]
        if state == VisitState.CANCELLED:
            fields["cancel_reason"] = history[-1][2]
        stamps = [fields["created_at"] + datetime.timedelta(days=n) for n in range(len(history))]
        fields["history"] = [
            (to_state, actor, at, note)
            for (to_state, actor, note), at in zip(history, stamps, strict=True)
        ]
        visit, _created = _request(f"demo-{key}", **fields)
        created_visits[f"visit_{key.replace('-', '_')}"] = visit

    link_guidelines(context)
    return created_visits


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
