"""Demo requests at the branch reading room in Makassar (WITA): a second
venue in another time zone, with set-up and clear-up buffers, limits on the
length of a visit, a quota of two visits per institution a semester and
its own approver (a step of ``visits.demo.build_visits``).

Two visits are scheduled on the same day one after the other, the second
starting once the first one's clear-up time and its own set-up time have
passed. Poltekes Banjarmasin has used up its quota at the room for the
semester of its coming visits, so a third request from it is refused with
the next possible date. Every step an approver takes goes through the
workflow services as the room's approver.
"""

import datetime

from django.utils import timezone

from visits import demo_requests
from visits.choices import VisitState
from visits.demo_requests import demo_request, member_of, open_time
from visits.demo_venue import build_branch_venue, weekday_from, wita_at
from visits.models import VisitReport
from visits.services import reports as report_services

BRANCH_STAFF_EMAIL = "andi.rahman@openlibrary.example"


def build_branch_visits(*, today, approver, poltekes, requester, others, topics):
    venue = build_branch_venue(today, approver)
    if approver is None:
        return {"branch_venue": venue}
    denpasar = next((i for i in others if i.slug == "sman-1-denpasar"), others[0])
    uncen = next((i for i in others if i.slug == "perpustakaan-uncen"), others[-1])
    surabaya = next((i for i in others if i.slug == "perpustakaan-umum-surabaya"), others[0])

    def day(offset):
        return weekday_from(today, offset)

    # (key, institution, requester, state, day, steps (state, actor, note), booked)
    specs = [
        ("submitted", poltekes, requester, VisitState.SUBMITTED, day(16), [], False),
        (
            "scheduled",
            poltekes,
            requester,
            VisitState.SCHEDULED,
            day(19),
            [
                (
                    VisitState.SCHEDULED,
                    approver,
                    "Rombongan diterima di Ruang Baca pukul 09.00 WITA.",
                )
            ],
            True,
        ),
        (
            "scheduled-after",
            uncen,
            None,
            VisitState.SCHEDULED,
            day(19),
            [
                (VisitState.UNDER_REVIEW, approver, ""),
                (
                    VisitState.SCHEDULED,
                    approver,
                    "Setelah rombongan pertama; ruang disiapkan ulang 45 menit.",
                ),
            ],
            True,
        ),
        (
            "under-review",
            denpasar,
            None,
            VisitState.UNDER_REVIEW,
            day(24),
            [(VisitState.UNDER_REVIEW, approver, "")],
            False,
        ),
        (
            "changes-requested",
            uncen,
            None,
            VisitState.CHANGES_REQUESTED,
            day(31),
            [
                (
                    VisitState.CHANGES_REQUESTED,
                    approver,
                    "Ruang baca menampung paling banyak 25 orang; mohon kurangi rombongan.",
                )
            ],
            False,
        ),
        (
            "declined",
            denpasar,
            None,
            VisitState.DECLINED,
            day(27),
            [(VisitState.DECLINED, approver, "Ruang baca dipakai untuk ujian daring.")],
            False,
        ),
        (
            "cancelled",
            surabaya,
            None,
            VisitState.CANCELLED,
            day(33),
            [
                (VisitState.SCHEDULED, approver, ""),
                (VisitState.CANCELLED, approver, "Penerbangan rombongan dibatalkan."),
            ],
            True,
        ),
        (
            "completed",
            denpasar,
            None,
            VisitState.COMPLETED,
            weekday_from(today, -12),
            [(VisitState.SCHEDULED, approver, ""), (VisitState.COMPLETED, approver, "")],
            True,
        ),
        (
            "reported",
            denpasar,
            None,
            VisitState.COMPLETED,
            weekday_from(today, -200),  # a semester before the coming visits
            [(VisitState.SCHEDULED, approver, ""), (VisitState.COMPLETED, approver, "")],
            True,
        ),
    ]
    made = {"branch_venue": venue}
    for key, institution, who, state, visit_day, steps, booked in specs:
        who = who or member_of(institution)
        if booked and visit_day > today:
            start, end = open_time(venue, visit_day)
        else:
            start, end = wita_at(visit_day, 9), wita_at(visit_day, 10, 30)
        created_at = min(timezone.now(), start) - datetime.timedelta(days=12)
        history = [(VisitState.SUBMITTED, who, ""), *steps]
        fields = {
            "venue": venue,
            "institution": institution,
            "requester": who,
            "contact_name": who.full_name if who else "Koordinator Perpustakaan",
            "contact_email": who.email if who else f"perpustakaan@{institution.slug}.example",
            "purpose": "Belajar layanan literasi kesehatan dan pojok baca anak.",
            "topics": [
                topics[slug]
                for slug in ("literasi-kesehatan", "layanan-pemustaka")
                if slug in topics
            ],
            "group_size": 15,
            "leaders_count": 1,
            "librarians_count": 6,
            "students_count": 8,
            "state": state,
            "slots": [(start, end)],
            "created_at": created_at,
            "history": [
                (
                    to_state,
                    actor,
                    end if to_state == VisitState.COMPLETED else created_at + datetime.timedelta(n),
                    note,
                )
                for n, (to_state, actor, note) in enumerate(history)
            ],
        }
        if booked:
            fields.update(
                scheduled_start=start,
                scheduled_end=end,
                venue_place=1,
                host_staff=approver,
                sequence=2 if state == VisitState.CANCELLED else 1,
            )
        if state == VisitState.DECLINED:
            fields["decline_reason"] = steps[-1][2]
        if state == VisitState.CANCELLED:
            fields["cancel_reason"] = steps[-1][2]
        visit, _created = demo_request(f"branch-{key}", **fields)
        made[f"branch_{key.replace('-', '_')}"] = visit
    _report(made["branch_reported"], approver)
    return made


def _report(visit, approver):
    """The older visit's report, through the report service (it becomes "reported")."""
    if VisitReport.objects.filter(request=visit).exists():
        return
    with demo_requests.without_notices():
        report_services.visit_report_record(
            visit=visit,
            report=VisitReport(
                summary=(
                    "Rombongan SMAN 1 Denpasar melihat pojok literasi kesehatan dan "
                    "layanan baca anak di Ruang Baca Makassar.\n\n"
                    "Kedua pihak sepakat bertukar daftar bacaan literasi remaja."
                ),
                attendance_count=14,
                participants_note="Kepala perpustakaan, lima pustakawan dan delapan siswa.",
            ),
            actor=approver,
        )
