"""The demo's named delegations (a step of ``visits.demo.build_visits``): the
seed visit of 26 March 2024 with its twelve participants and who came, and
the scheduled visit with the list its partner has started.

The scheduled visit's list goes through ``visits.services.delegation`` as a
member of the institution would type it; the seed visit's list was closed
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


def _scheduled(visit):
    member = member_of(visit.institution)
    for name, position in SCHEDULED_DELEGATION:
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
    scheduled = visits.get("visit_scheduled")
    if scheduled is not None and not scheduled.participants.exists():
        _scheduled(scheduled)
