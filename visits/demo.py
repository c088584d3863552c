"""Demo study visits: the Open Library venue with its rules, the seed visit of
Poltekes Banjarmasin on 26 March 2024 (held and reported) and one request in
every other state, dated relative to the day the demo is loaded.

A request whose requester is a member and whose history needs no time
rules (submitted, changes requested) is made through the services
(``visit_request_submit`` and the workflow), so loading the demo exercises
the rules users hit; the e-mails those services queue are dropped, and the
history gets the demo's dates afterwards. The others (visits in the past,
requests by no one in particular, scheduled times that must not depend on
the day the demo is loaded) are written directly. Each request has a fixed
submission key, so a second run finds it and changes nothing.
"""

import contextlib
import datetime
import io
import uuid

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from visits.choices import VisitState
from visits.demo_venue import build_venue, link_guidelines, weekday_from, wib_at
from visits.models import (
    PreferredSlot,
    Topic,
    VisitMessage,
    VisitRequest,
    VisitTransition,
)
from visits.services import submission, workflow

# The steps the demo takes through the services: state -> service.
SERVICE_STEPS = {
    VisitState.UNDER_REVIEW: workflow.visit_request_start_review,
    VisitState.CHANGES_REQUESTED: workflow.visit_request_request_changes,
}

STAFF_EMAIL = "kerjasama@openlibrary.example"
POLTEKES_EMAIL = "pustakawan@poltekes-banjarmasin.example"
KEY_NAMESPACE = uuid.UUID("6f1c1d3e-8a52-4c55-9d0e-3b1f6b0a7c21")


def _letter_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return ContentFile(buffer.getvalue(), name="surat-permohonan.pdf")


@contextlib.contextmanager
def _without_notices():
    """Drop what the services queue for after the commit (the e-mails):
    loading the demo tells no one anything."""
    queued = len(connection.run_on_commit)
    try:
        yield
    finally:
        del connection.run_on_commit[queued:]


def _through_services(fields):
    """True when the request can be made by its requester and the services."""
    history = fields["history"]
    requester = fields.get("requester")
    return (
        requester is not None
        and workflow.is_institution_member(requester, fields["institution"].pk)
        and history[0][0] == VisitState.SUBMITTED
        and history[0][1] == requester
        and all(state in SERVICE_STEPS for state, *_rest in history[1:])
        and all(actor is not None for _state, actor, *_rest in history[1:])
        and "scheduled_start" not in fields
    )


def _submit(idempotency_key, fields):
    """Submit the request and take its steps through the services, then give
    the request and its history the demo's dates."""
    history = fields["history"]
    with _without_notices():
        visit, _created = submission.visit_request_submit(
            institution=fields["institution"],
            requester=fields["requester"],
            idempotency_key=idempotency_key,
            data={name: fields[name] for name in submission.PARTNER_FIELDS if name in fields},
            topics=fields.get("topics", []),
            slots=fields["slots"],
            request_letter=_letter_pdf(),
        )
        for state, actor, _at_time, note in history[1:]:
            SERVICE_STEPS[state](visit=visit, actor=actor, note=note)
    VisitRequest.objects.filter(pk=visit.pk).update(created_at=fields["created_at"])
    steps = list(VisitTransition.objects.filter(request=visit).order_by("pk"))
    for step, (_state, _actor, at, _note) in zip(steps, history, strict=True):
        step.at = at
        step.save(update_fields=["at"])
    visit.refresh_from_db()
    return visit


def _request(key, **fields):
    """The demo request with this key, created once with its history."""
    idempotency_key = uuid.uuid5(KEY_NAMESPACE, key)
    existing = VisitRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    if _through_services(fields) and not fields.get("messages"):
        return _submit(idempotency_key, fields), True
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
        scheduled_start=wib_at(seed_day, 9),
        scheduled_end=wib_at(seed_day, 12),
        host_staff=staff,
        sequence=1,
        created_at=wib_at(datetime.date(2024, 2, 26), 10),
        slots=[
            (wib_at(seed_day, 9), wib_at(seed_day, 12)),
            (wib_at(seed_day, 13), wib_at(seed_day, 16)),
        ],
        history=[
            (VisitState.SUBMITTED, requester, wib_at(datetime.date(2024, 2, 26), 10), ""),
            (VisitState.UNDER_REVIEW, staff, wib_at(datetime.date(2024, 2, 27), 9), ""),
            (
                VisitState.SCHEDULED,
                staff,
                wib_at(datetime.date(2024, 2, 29), 14),
                "Rombongan diterima di lobi Open Library pukul 09.00 WIB.",
            ),
            (VisitState.COMPLETED, staff, wib_at(seed_day, 13), "Kunjungan berjalan lancar."),
            (
                VisitState.REPORTED,
                staff,
                wib_at(datetime.date(2024, 3, 27), 10),
                "Berita kunjungan diterbitkan.",
            ),
        ],
        messages=[
            (
                requester,
                False,
                wib_at(datetime.date(2024, 2, 28), 8),
                "Rombongan kami dipimpin Direktur Akademik dan membawa seluruh pustakawan. "
                "Mohon informasi tempat parkir untuk satu bus kecil.",
            ),
            (
                staff,
                True,
                wib_at(datetime.date(2024, 2, 28), 11),
                "Bus dapat parkir di area parkir Gedung Open Library. Kami tunggu di lobi.",
            ),
        ],
    )

    others = [i for i in institutions if i.pk != poltekes.pk] or [poltekes]

    def day(offset):
        return weekday_from(today, offset)

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
            weekday_from(today, -20),
            [
                (VisitState.SUBMITTED, None, ""),
                (VisitState.SCHEDULED, staff, ""),
                (VisitState.COMPLETED, staff, ""),
            ],
        ),
    ]
    created_visits = {"seed_visit": seed, "venue": venue}
    for key, institution, who, state, visit_day, history in specs:
        start, end = wib_at(visit_day, 9), wib_at(visit_day, 11)
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
