"""Demo shared events: the joint health-literacy programme of Open Library
Bandung and Poltekes Banjarmasin.

A webinar (online), a workshop (hybrid), a cancelled book exhibition, a
monthly reading club (a series with one date left out, one moved to a
Sunday morning in the hall, taking sign-up per date) and a launch day in
the archive; and two events Poltekes proposed for the joint calendar, one
awaiting review and one sent back for changes. Dates are relative to the
day the demo is first loaded, so the
upcoming list is never empty; events are looked up by slug, so a second run
changes nothing.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from partners.events.choices import EventKind, EventLanguage, EventMode, EventStatus
from partners.events.models import Event
from partners.events.services import event_date_change, event_save
from partners.models import Institution
from portal.demo.images import demo_image

WIB, WITA = "Asia/Jakarta", "Asia/Makassar"
POLTEKES_SLUG = "poltekes-banjarmasin"
OPEN_LIBRARY = "Open Library, Telkom University"
OPEN_LIBRARY_ADDRESS = "Jl. Telekomunikasi No. 1, Bandung, Jawa Barat"
POLTEKES_LIBRARY = "Perpustakaan Poltekes Banjarmasin"
POLTEKES_ADDRESS = "Jl. Mistar Cokrokusumo No. 1A, Banjarbaru, Kalimantan Selatan"


def _at(day, hour, zone, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo(zone))


def _second_saturday(year, month):
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(5 - first.weekday()) % 7 + 7)


def _specs(today):
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    club_start = _second_saturday(last_month.year, last_month.month)
    club_skip = _second_saturday(
        *((club_start.year + (club_start.month + 2 > 12), (club_start.month + 2 - 1) % 12 + 1))
    )
    webinar = today + datetime.timedelta(days=10)
    workshop = today + datetime.timedelta(days=24)
    exhibition = today + datetime.timedelta(days=17)
    launch = today - datetime.timedelta(days=21)
    return [
        {
            "slug": "webinar-membaca-informasi-kesehatan",
            "title": "Webinar: Membaca Informasi Kesehatan di Internet",
            "summary": (
                "Cara menilai artikel, video dan pesan berantai tentang kesehatan: siapa "
                "penulisnya, apa sumbernya, dan kapan perlu bertanya kepada tenaga kesehatan."
            ),
            "description": (
                "Pustakawan Poltekes Banjarmasin dan Open Library membahas contoh nyata hoaks "
                "kesehatan, lalu peserta berlatih memeriksa sumbernya bersama."
            ),
            "kind": EventKind.TALK,
            "mode": EventMode.ONLINE,
            "online_url": "https://meet.openlibrary.example/literasi-kesehatan",
            "time_zone": WITA,
            "start": _at(webinar, 10, WITA),
            "end": _at(webinar, 12, WITA),
            "audience": "Mahasiswa, dosen dan masyarakat umum",
            "registration_url": "https://openlibrary.example/daftar/webinar-kesehatan",
            "capacity": 300,
            "image": ("Demo: webinar literasi kesehatan", (232, 244, 236), (20, 110, 70), 21),
        },
        {
            "slug": "lokakarya-literasi-kesehatan-pustakawan",
            "title": "Lokakarya Literasi Kesehatan untuk Pustakawan",
            "summary": (
                "Sehari merancang layanan literasi kesehatan di perpustakaan: koleksi, kelas "
                "pengguna dan kerja sama dengan puskesmas."
            ),
            "kind": EventKind.WORKSHOP,
            "mode": EventMode.HYBRID,
            "venue": OPEN_LIBRARY,
            "address": OPEN_LIBRARY_ADDRESS,
            "online_url": "https://meet.openlibrary.example/lokakarya-pustakawan",
            "time_zone": WIB,
            "start": _at(workshop, 9, WIB),
            "end": _at(workshop, 15, WIB),
            "audience": "Pustakawan perguruan tinggi dan sekolah",
            "capacity": 60,
            "image": ("Demo: lokakarya pustakawan", (245, 242, 238), (164, 22, 26), 22),
        },
        {
            "slug": "pameran-buku-kesehatan-keluarga",
            "title": "Pameran Buku Kesehatan Keluarga",
            "summary": "Pameran buku dan poster kesehatan keluarga di perpustakaan Poltekes.",
            "kind": EventKind.EXHIBITION,
            "mode": EventMode.ON_SITE,
            "venue": POLTEKES_LIBRARY,
            "address": POLTEKES_ADDRESS,
            "time_zone": WITA,
            "start": _at(exhibition, 8, WITA),
            "end": _at(exhibition, 16, WITA),
            "audience": "Masyarakat umum",
            "status": EventStatus.CANCELLED,
        },
        {
            "slug": "klub-baca-sehat",
            "title": "Klub Baca Sehat",
            "summary": (
                "Setiap Sabtu kedua, membaca dan membahas satu buku atau artikel kesehatan "
                "bersama, di perpustakaan dan lewat siaran daring."
            ),
            "description": "Bulan ini: buku saku gizi seimbang untuk keluarga.",
            "kind": EventKind.READING_CLUB,
            "mode": EventMode.HYBRID,
            "venue": POLTEKES_LIBRARY,
            "address": POLTEKES_ADDRESS,
            "online_url": "https://meet.openlibrary.example/klub-baca-sehat",
            "time_zone": WITA,
            "start": _at(club_start, 14, WITA),
            "end": _at(club_start, 16, WITA),
            "rrule": "FREQ=MONTHLY;BYDAY=2SA;COUNT=12",
            "exdates": club_skip.isoformat(),
            "audience": "Mahasiswa dan masyarakat umum",
            "image": ("Demo: klub baca sehat", (236, 240, 248), (30, 60, 140), 23),
        },
        {
            "slug": "peluncuran-program-literasi-kesehatan",
            "title": "Peluncuran Program Literasi Kesehatan Bersama",
            "summary": (
                "Open Library dan Poltekes Banjarmasin meluncurkan program literasi kesehatan "
                "bersama, buah dari studi banding Maret 2024."
            ),
            "kind": EventKind.OTHER,
            "mode": EventMode.ONLINE,
            "online_url": "https://meet.openlibrary.example/peluncuran",
            "time_zone": WIB,
            "start": _at(launch, 0, WIB),
            "end": _at(launch + datetime.timedelta(days=1), 0, WIB),
            "all_day": True,
        },
        {
            # Held in 2025 under the IA: an activity of the yearly recap's demo year.
            "slug": "webinar-penelusuran-jurnal-kesehatan-2025",
            "title": "Webinar Penelusuran Jurnal Kesehatan",
            "summary": (
                "Pustakawan Open Library dan Poltekes Banjarmasin berbagi cara menelusuri "
                "jurnal kesehatan akses terbuka."
            ),
            "kind": EventKind.TALK,
            "mode": EventMode.ONLINE,
            "online_url": "https://meet.openlibrary.example/jurnal-kesehatan",
            "time_zone": WITA,
            "start": _at(datetime.date(2025, 9, 20), 9, WITA),
            "end": _at(datetime.date(2025, 9, 20), 11, WITA),
        },
    ]


def build_events(context):
    today = timezone.localdate()
    poltekes = context.get("poltekes") or Institution.objects.filter(slug=POLTEKES_SLUG).first()
    programme = context.get("health_programme")
    agreement = (context.get("agreements") or {}).get("poltekes_ia")
    events = []
    for spec in _specs(today):
        spec = dict(spec)
        image = spec.pop("image", None)
        event = Event.objects.filter(slug=spec["slug"]).first()
        if event is None:
            if image:
                title, background, accent, seed = image
                spec["image"] = demo_image(
                    title=title, background=background, accent=accent, seed=seed
                )
            event = Event(
                **spec,
                programme=programme,
                agreement=agreement,
                language=EventLanguage.INDONESIAN,
            )
            event.full_clean()
            event_save(event)
            if poltekes:
                event.partners.add(poltekes)
        events.append(event)
    _build_registration()
    _build_date_change(today)
    _build_registration_per_date()
    _build_proposals(poltekes)
    return {"events": events}


def _build_date_change(today):
    """The reading club's fourth date moved to the Sunday morning after,
    in the hall (once: an existing change is left as it is)."""
    club = Event.objects.filter(slug="klub-baca-sehat").first()
    if club is None or club.occurrence_changes.exists():
        return
    month_index = today.year * 12 + today.month - 2 + 3  # last month, then three on
    day = _second_saturday(month_index // 12, month_index % 12 + 1)
    event_date_change(
        club,
        occurrence_date=day,
        new_date=day + datetime.timedelta(days=1),
        new_start_time=datetime.time(9),
        new_end_time=datetime.time(11),
        venue="Aula Poltekes Banjarmasin",
        note="Dipindah ke Minggu pagi: perpustakaan dipakai untuk wisuda",
    )


# The workshop takes sign-ups on the portal: three seats taken, two waiting.
REGISTRATION_SLUG = "lokakarya-literasi-kesehatan-pustakawan"
REGISTRANTS = [
    ("Rina Marlina", "rina.marlina@example.org", "Perpustakaan Daerah Kalimantan Selatan"),
    ("Agus Wibowo", "agus.wibowo@example.org", "SMA Negeri 1 Banjarbaru"),
    ("Dewi Kartika", "dewi.kartika@example.org", "Poltekes Banjarmasin"),
    ("Hendra Saputra", "hendra.saputra@example.org", "Universitas Lambung Mangkurat"),
    ("Lestari Putri", "lestari.putri@example.org", "Perpustakaan Kota Bandung"),
]


def _build_registration():
    from partners.events.models import Registration, RegistrationSetup
    from partners.events.registration import _place

    event = Event.objects.filter(slug=REGISTRATION_SLUG).first()
    if event is None or RegistrationSetup.objects.filter(event=event).exists():
        return
    setup = RegistrationSetup.objects.create(
        event=event, capacity=3, ask_institution=True, ask_position=True, ask_accessibility=True
    )
    for name, email, institution in REGISTRANTS:
        registration = Registration(
            setup=setup, name=name, email=email, institution=institution, language="id"
        )
        _place(registration, setup, timezone.now())
        registration.save()


# The reading club takes sign-up per date: 20 seats on every date, the next
# date only 2 (its own setting), with two seats taken and one person waiting.
PER_DATE_SLUG = "klub-baca-sehat"
PER_DATE_REGISTRANTS = REGISTRANTS[:3]


def _build_registration_per_date():
    from partners.events import registration_selectors
    from partners.events.models import Registration, RegistrationOccurrence, RegistrationSetup
    from partners.events.registration import _place

    event = Event.objects.filter(slug=PER_DATE_SLUG).first()
    if event is None or RegistrationSetup.objects.filter(event=event).exists():
        return
    setup = RegistrationSetup.objects.create(
        event=event, capacity=20, per_occurrence=True, ask_institution=True
    )
    dates = registration_selectors.upcoming_seatings(setup, with_counts=False, limit=1)
    if not dates:
        return
    RegistrationOccurrence.objects.create(setup=setup, start=dates[0].key, capacity=2)
    seating = registration_selectors.seating(setup, dates[0].key)
    for name, email, institution in PER_DATE_REGISTRANTS:
        registration = Registration(
            setup=setup,
            occurrence_start=seating.key,
            name=name,
            email=email,
            institution=institution,
            language="id",
        )
        _place(registration, setup, timezone.now(), seating)
        registration.save()


POLTEKES_COORDINATOR = "pustakawan@poltekes-banjarmasin.example"


def _proposal_specs(today):
    talk = today + datetime.timedelta(days=38)
    class_day = today + datetime.timedelta(days=45)
    return [
        {
            "title": "Bincang Buku: Gizi Seimbang untuk Keluarga",
            "summary": (
                "Bincang buku bersama ahli gizi Poltekes Banjarmasin: membaca label makanan "
                "dan menyusun menu keluarga."
            ),
            "description": "Terbuka untuk mahasiswa dan masyarakat; buku tersedia di perpustakaan.",
            "kind": EventKind.TALK,
            "mode": EventMode.ON_SITE,
            "venue": POLTEKES_LIBRARY,
            "address": POLTEKES_ADDRESS,
            "time_zone": WITA,
            "start": _at(talk, 9, WITA),
            "end": _at(talk, 11, WITA),
            "audience": "Mahasiswa dan masyarakat umum",
            "other_organisers": "Dinas Perpustakaan dan Kearsipan Kalimantan Selatan",
        },
        {
            "title": "Kelas Menulis Resensi Buku Kesehatan",
            "summary": "Empat pertemuan menulis resensi buku kesehatan untuk mahasiswa.",
            "kind": EventKind.TRAINING,
            "mode": EventMode.ONLINE,
            "online_url": "https://meet.poltekes.example/kelas-resensi",
            "time_zone": WITA,
            "start": _at(class_day, 15, WITA),
            "end": _at(class_day, 17, WITA),
            "repeat": "weekly",
            "repeat_count": 4,
            "audience": "Mahasiswa",
            "changes": (
                "Mohon tambahkan siapa pematerinya dan apakah peserta dari luar Poltekes "
                "boleh ikut. Setelah itu kami terbitkan."
            ),
        },
    ]


def _build_proposals(poltekes):
    from django.contrib.auth import get_user_model

    from partners.events.models import EventProposal, ProposalStatus

    if poltekes is None or EventProposal.objects.filter(institution=poltekes).exists():
        return
    proposer = get_user_model().objects.filter(email=POLTEKES_COORDINATOR).first()
    for spec in _proposal_specs(timezone.localdate()):
        spec = dict(spec)
        changes = spec.pop("changes", "")
        proposal = EventProposal(institution=poltekes, proposed_by=proposer, **spec)
        if changes:
            proposal.status = ProposalStatus.CHANGES_REQUESTED
            proposal.staff_comment = changes
            proposal.reviewed_at = timezone.now()
        proposal.full_clean(exclude=["image", "event"])
        proposal.save()
