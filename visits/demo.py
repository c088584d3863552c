"""Demo study visits: the Open Library venue with its rules, the seed visit of
Poltekes Banjarmasin on 26 March 2024 (held and reported) and one request in
every other state, dated relative to the day the demo is loaded.

The requests are made through the services (``visits.demo_requests``), so
loading the demo exercises the rules users hit: submitted by a member of the
institution where it has one (written as "submitted" where none exists),
then reviewed, sent back for changes, scheduled on a time the venue's rules
accept, declined or cancelled through ``visits.services.workflow``, with the
messages through ``visit_message_post``. The e-mails they queue are dropped;
the history gets the demo's dates afterwards.

The visits in the past (the seed visit of 26 March 2024 and the completed
one) are written directly, their messages aside: the services rightly refuse
to schedule a time in the past. Each request has a fixed submission key, so
a second run finds it and changes nothing.
"""

import datetime

from django.utils import timezone

from partners.models import FollowUp, SignatorySide
from partners.services import follow_up_update
from visits.choices import VisitState
from visits.demo_branch import BRANCH_STAFF_EMAIL, build_branch_visits
from visits.demo_delegation import build_delegations
from visits.demo_requests import demo_request as _request
from visits.demo_requests import letter_pdf, member_of, open_time
from visits.demo_venue import build_venue, link_guidelines, weekday_from, wib_at
from visits.models import Topic, VisitReport
from visits.services import office, reply_letters, reports
from visits.services.followups import visit_follow_up_create

STAFF_EMAIL = "kerjasama@openlibrary.example"
POLTEKES_EMAIL = "pustakawan@poltekes-banjarmasin.example"


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
        if who is None:
            # Submitted by a member of the institution where it has one.
            who = member_of(institution)
            history = [(history[0][0], who, history[0][2]), *history[1:]]
        if key in ("scheduled", "cancelled"):
            # Staff schedule these on a time the venue's rules accept.
            start, end = open_time(venue, visit_day)
        else:
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

    _office_work(created_visits, staff)
    build_delegations(created_visits, staff)
    recap_visit = _recap_visit(
        poltekes=poltekes,
        requester=requester,
        staff=staff,
        venue=venue,
        contact=contact,
        agreement=agreements.get("poltekes_ia"),
        topics=topics,
    )
    if recap_visit is not None:
        created_visits["visit_recap_2025"] = recap_visit
    created_visits.update(
        build_branch_visits(
            today=today,
            approver=users.get(BRANCH_STAFF_EMAIL),
            poltekes=poltekes,
            requester=requester,
            others=others,
            topics=topics,
        )
    )
    link_guidelines(context)
    return created_visits


def _recap_visit(*, poltekes, requester, staff, venue, contact, agreement, topics):
    """Poltekes' second visit (14 October 2025, under the IA), reported with
    the visitors who came, and the actions agreed at it: one done with its
    evidence, one still open and overdue. The follow-ups go through the
    services (``visit_follow_up_create``, ``follow_up_update``); the day the
    done one was done is then set to its demo date, like the history's."""
    if staff is None or agreement is None:
        return None
    day = datetime.date(2025, 10, 14)
    visit, created = _request(
        "recap-poltekes-2025-10-14",
        institution=poltekes,
        requester=requester,
        **contact,
        purpose="Pelatihan lanjutan penelusuran jurnal kesehatan untuk pustakawan.",
        topics=[topics[slug] for slug in ("literasi-kesehatan",) if slug in topics],
        group_size=16,
        librarians_count=16,
        agreement=agreement,
        state=VisitState.REPORTED,
        venue=venue,
        venue_place=1,
        scheduled_start=wib_at(day, 9),
        scheduled_end=wib_at(day, 12),
        host_staff=staff,
        sequence=1,
        created_at=wib_at(datetime.date(2025, 9, 15), 10),
        slots=[(wib_at(day, 9), wib_at(day, 12))],
        history=[
            (VisitState.SUBMITTED, requester, wib_at(datetime.date(2025, 9, 15), 10), ""),
            (VisitState.SCHEDULED, staff, wib_at(datetime.date(2025, 9, 17), 14), ""),
            (VisitState.COMPLETED, staff, wib_at(day, 13), ""),
            (VisitState.REPORTED, staff, wib_at(datetime.date(2025, 10, 15), 10), ""),
        ],
        messages=[],
    )
    if not created:
        return visit
    reports.visit_report_record(
        visit=visit,
        report=VisitReport(
            summary=(
                "Lima belas pustakawan Poltekes Banjarmasin berlatih menelusuri jurnal "
                "kesehatan akses terbuka.\n\nDisepakati: daftar hadir dan foto dikirim, "
                "rencana pelatihan lanjutan disusun."
            ),
            attendance_count=15,
            participants_note="Lima belas pustakawan; satu berhalangan hadir.",
        ),
        actor=staff,
    )
    done = visit_follow_up_create(
        visit=visit,
        actor=staff,
        title="Mengirim daftar hadir dan foto pelatihan",
        side=SignatorySide.PARTNER,
        owner="Nur Aisyah",
        due_date=datetime.date(2025, 10, 31),
        agreement=agreement,
    )
    visit_follow_up_create(
        visit=visit,
        actor=staff,
        title="Menyusun rencana pelatihan lanjutan",
        side=SignatorySide.PARTNER,
        owner="Nur Aisyah",
        due_date=datetime.date(2025, 12, 15),
        agreement=agreement,
    )
    if requester is not None:
        evidence = letter_pdf()
        evidence.name = "daftar-hadir-pelatihan.pdf"
        follow_up_update(
            follow_up=done,
            by=requester,
            status=FollowUp.Status.DONE,
            evidence_url="https://poltekes-banjarmasin.example/perpustakaan/pelatihan-2025",
            evidence_file=evidence,
        )
        FollowUp.objects.filter(pk=done.pk).update(done_on=datetime.date(2025, 10, 30))
    return visit


def _office_work(visits, staff):
    """The office's own marks on the demo requests: who handles the ones in
    progress, and an internal note (through ``visits.services.office``)."""
    if staff is None:
        return
    for key in ("visit_under_review", "visit_scheduled"):
        visit = visits.get(key)
        if visit is not None:
            office.visit_request_assign(visit=visit, actor=staff, handler=staff)
    scheduled = visits.get("visit_scheduled")
    if scheduled is not None and not scheduled.reply_letters.exists():
        # Scheduling issued it when the site settings name a signatory.
        reply_letters.reply_letter_issue_quietly(visit=scheduled, actor=staff)
    waiting = visits.get("visit_under_review")
    if waiting is not None and not waiting.internal_notes.exists():
        office.visit_internal_note_add(
            visit=waiting,
            author=staff,
            body="Ruang diskusi lantai 2 masih dicek dengan bagian sarana; "
            "jangan dijadwalkan sebelum ada kabar.",
        )
