"""The demo's named delegations (a step of ``visits.demo.build_visits``): the
seed visit of 26 March 2024 with its twelve participants and who came, the
scheduled visit with its list, and the list the Poltekes account has started
for its submitted request (so the demo partner can go on with it).

The lists of upcoming visits go through ``visits.services.delegation`` as a
member of the institution would type them (written directly for an
institution with no member account); the seed visit's list was closed
long ago, so its rows are written directly and only the attendance goes
through the service (staff mark it after the visit). Nothing is added to a
visit that already has participants, so a second run changes nothing.
"""

from visits.demo_requests import member_of
from visits.models import Attendance, VisitParticipant
from visits.services import delegation

# (name, position); fictional people, the make-up of the seed visit.
SEED_DELEGATION = [
    ("Dr. Rahmawati Hidayat", "Direktur Akademik"),
    ("Ahmad Fauzi, M.Kes.", "Dosen"),
    ("Siti Nurhaliza, M.Kep.", "Dosen"),
    ("Hendra Saputra", "Staf akademik"),
    ("Dewi Lestari", "Staf administrasi"),
    ("Nur Aisyah, S.IP.", "Kepala Perpustakaan"),
    ("Rizky Pratama, S.IP.", "Pustakawan"),
    ("Maya Sari", "Pustakawan"),
    ("Yusuf Maulana", "Pustakawan"),
    ("Fitri Handayani", "Pustakawan"),
    ("Agus Setiawan", "Pustakawan"),
    ("Lina Marlina", "Pustakawan"),
]
SEED_ABSENT = {"Agus Setiawan"}
SCHEDULED_DELEGATION = [
    ("Bambang Wijaya", "Kepala Perpustakaan"),
    ("Ratna Kusuma", "Pustakawan"),
    ("Dimas Ardiansyah", "Pustakawan"),
    ("Putri Amelia", "Mahasiswa"),
    ("Fajar Nugroho", "Mahasiswa"),
]


def _seed(visit, staff):
    for name, position in SEED_DELEGATION:
        VisitParticipant.objects.create(request=visit, name=name, position=position)
    if staff is None:
        return
    marks = {
        participant.pk: Attendance.ABSENT if participant.name in SEED_ABSENT else Attendance.PRESENT
        for participant in VisitParticipant.objects.filter(request=visit)
    }
    delegation.attendance_mark(visit=visit, actor=staff, marks=marks)


POLTEKES_DELEGATION = [
    ("Nur Aisyah, S.IP.", "Kepala Perpustakaan"),
    ("Rizky Pratama, S.IP.", "Pustakawan"),
    ("Siti Nurhaliza, M.Kep.", "Dosen"),
]


def _upcoming(visit, people):
    member = member_of(visit.institution)
    for name, position in people:
        if member is not None:
            delegation.participant_add(
                visit=visit, actor=member, data={"name": name, "position": position}
            )
        else:
            VisitParticipant.objects.create(request=visit, name=name, position=position)


def build_delegations(visits, staff):
    seed = visits.get("seed_visit")
    if seed is not None and not seed.participants.exists():
        _seed(seed, staff)
    for key, people in (
        ("visit_scheduled", SCHEDULED_DELEGATION),
        ("visit_submitted", POLTEKES_DELEGATION),
    ):
        visit = visits.get(key)
        if visit is not None and not visit.participants.exists():
            _upcoming(visit, people)
