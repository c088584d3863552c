"""Demo partners: Poltekes Banjarmasin with its MoU, MoA (PKS) and IA for the
health-literacy programme, and a few partners across the three time zones.

Everything is looked up before it is created, so a second run changes nothing.
Dates of the "expiring soon" and "expired" agreements are relative to the
day the demo is first loaded.

Where partners.services has a write, the demo goes through it, so loading it
passes the rules users hit: institutions are verified with
``institution_verify``, the pending member asks with ``membership_request``
(its coordinator is notified) and the signed MoU is stored with
``agreement_document_upload``. Agreements, activities, scope areas and the
two active memberships (no service makes an active membership without a
decision) are created directly. The MoU renews a first MoU of 2019 (shown as
renewed), each of the Poltekes agreements has its signatories, and the
expiring PKS with SMAN 1 Denpasar has a draft renewal (``agreement_renew``).
A new IA with Poltekes is under discussion: shared with its coordinator, two
versions (ours in DOCX, their counter-version in PDF) and a few comments,
all written through ``partners.services.drafts``.
"""

import datetime
import io
import zipfile

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

from partners import services
from partners.models import (
    Agreement,
    AgreementKind,
    FollowUp,
    Institution,
    InstitutionKind,
    Membership,
    PartnerActivity,
    PartnerActivityKind,
    PartnerCategory,
    ScopeArea,
    Signatory,
    SignatorySide,
)
from partners.provinces import Province
from portal.demo.images import demo_image
from portal.demo.site import DEMO_PASSWORD
from portal.models import User

POLTEKES_COORDINATOR = "pustakawan@poltekes-banjarmasin.example"
# The year whose recap the demo fills: the Poltekes MoU, PKS and IA are all in
# force, with a visit, an event, a workshop and done follow-ups under them.
RECAP_DEMO_YEAR = 2025
POLTEKES_MEMBER = ("rahmat.hidayat@poltekes-banjarmasin.example", "Rahmat Hidayat")
POLTEKES_PENDING = ("siti.rahmah@poltekes-banjarmasin.example", "Siti Rahmah")

INSTITUTIONS = [
    {
        "slug": "poltekes-banjarmasin",
        "name": "Politeknik Kesehatan Kemenkes Banjarmasin",
        "short_name": "Poltekes Banjarmasin",
        "kind": InstitutionKind.HEALTH_POLYTECHNIC,
        "city": "Banjarmasin",
        "province": Province.SOUTH_KALIMANTAN,
        "website": "https://poltekes-banjarmasin.example",
        "email": "perpustakaan@poltekes-banjarmasin.example",
        "description": (
            "Perpustakaan politeknik kesehatan di Banjarmasin yang berfokus pada literasi "
            "kesehatan bagi mahasiswa, dosen dan masyarakat sekitar kampus. Pada Maret 2024 "
            "tim perpustakaannya berkunjung ke Open Library untuk belajar mengelola "
            "perpustakaan digital."
        ),
        "logo": ((232, 244, 236), (20, 110, 70), 11),
    },
    {
        "slug": "dispusip-kota-bandung",
        "name": "Dinas Perpustakaan dan Kearsipan Kota Bandung",
        "short_name": "Dispusip Kota Bandung",
        "kind": InstitutionKind.GOVERNMENT,
        "city": "Bandung",
        "province": Province.WEST_JAVA,
        "description": "Pengelola perpustakaan umum dan arsip Kota Bandung.",
        "logo": ((236, 240, 248), (30, 60, 140), 12),
    },
    {
        "slug": "perpustakaan-umum-surabaya",
        "name": "Perpustakaan Umum Kota Surabaya",
        "short_name": "Perpustakaan Surabaya",
        "kind": InstitutionKind.PUBLIC_LIBRARY,
        "city": "Surabaya",
        "province": Province.EAST_JAVA,
        "description": "Perpustakaan umum dengan layanan literasi keluarga.",
        "logo": None,
    },
    {
        "slug": "sman-1-denpasar",
        "name": "Perpustakaan SMA Negeri 1 Denpasar",
        "short_name": "SMAN 1 Denpasar",
        "kind": InstitutionKind.SCHOOL_LIBRARY,
        "city": "Denpasar",
        "province": Province.BALI,
        "description": "Perpustakaan sekolah yang aktif dalam gerakan literasi sekolah.",
        "logo": ((250, 240, 228), (170, 90, 20), 13),
    },
    {
        "slug": "perpustakaan-uncen",
        "name": "UPT Perpustakaan Universitas Cenderawasih",
        "short_name": "Perpustakaan Uncen",
        "kind": InstitutionKind.UNIVERSITY_LIBRARY,
        "city": "Jayapura",
        "province": Province.PAPUA,
        "description": "Perpustakaan universitas di Jayapura dengan koleksi Papua.",
        "logo": ((240, 236, 246), (90, 40, 120), 14),
    },
    {
        "slug": "taman-baca-pelangi-ambon",
        "name": "Taman Baca Pelangi Ambon",
        "short_name": "",
        "kind": InstitutionKind.COMMUNITY,
        "city": "Ambon",
        "province": Province.MALUKU,
        "description": "Taman baca masyarakat untuk anak-anak di pesisir Ambon.",
        "logo": None,
        "is_verified": False,
    },
]


# Partner categories of the yearly recap (IKU 6) with example weights: staff
# set the real ones under Partners -> Partner categories.
CATEGORIES = [
    ("qs", "Perguruan tinggi peringkat QS", "QS-ranked university", "1.00", 10),
    ("national", "Perguruan tinggi dalam negeri", "National university or polytechnic", "0.75", 20),
    ("government", "Instansi pemerintah", "Government institution", "0.75", 30),
    ("industry", "Dunia usaha dan industri", "Industry", "1.00", 40),
    (
        "community",
        "Perpustakaan, sekolah dan komunitas",
        "Library, school or community",
        "0.50",
        50,
    ),
]
CATEGORY_OF = {
    "poltekes-banjarmasin": "national",
    "perpustakaan-uncen": "national",
    "dispusip-kota-bandung": "government",
    "perpustakaan-umum-surabaya": "community",
    "sman-1-denpasar": "community",
    "taman-baca-pelangi-ambon": "community",
}


def _categories(institutions):
    categories = {}
    for key, name, name_en, weight, order in CATEGORIES:
        categories[key] = PartnerCategory.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "weight": weight, "sort_order": order}
        )[0]
    for institution in institutions:
        key = CATEGORY_OF.get(institution.slug)
        if key and institution.category_id is None:
            institution.category = categories[key]
            institution.save(update_fields=["category"])
    return categories


def _user(email, full_name):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _institution(spec):
    spec = dict(spec)
    slug = spec.pop("slug")
    logo = spec.pop("logo")
    verified = spec.pop("is_verified", True)
    institution = Institution.objects.filter(slug=slug).first()
    if institution:
        return institution
    institution = Institution(slug=slug, is_verified=False, **spec)
    if logo:
        background, accent, seed = logo
        institution.logo = demo_image(
            title=f"Logo {spec['short_name'] or spec['name']}",
            width=480,
            height=240,
            background=background,
            accent=accent,
            seed=seed,
        )
    institution.save()
    if verified:
        institution = services.institution_verify(institution=institution, by=None)
    return institution


def _agreement(*, title, partners, scopes, **fields):
    # The oldest of that title: a draft renewal copies its title.
    agreement = Agreement.objects.filter(title=title).order_by("pk").first()
    if agreement is None:
        agreement = Agreement(title=title, **fields)
        agreement.full_clean(exclude=["partners", "scope_areas"])
        agreement.save()
        agreement.partners.set(partners)
        agreement.scope_areas.set(scopes)
    return agreement


def _signatories(agreement, host_date, partner_date):
    if agreement.signatories.exists():
        return
    Signatory.objects.bulk_create(
        [
            Signatory(
                agreement=agreement,
                side=SignatorySide.HOST,
                name="Dr. Rina Wulandari, M.Hum.",
                position="Kepala Open Library",
                signed_on=host_date,
                sort_order=0,
            ),
            Signatory(
                agreement=agreement,
                side=SignatorySide.PARTNER,
                name="Dr. H. Ahmad Fauzi, S.K.M., M.Kes.",
                position="Direktur Poltekes Banjarmasin",
                signed_on=partner_date,
                sort_order=1,
            ),
        ]
    )


def _pdf_bytes():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def build_partners(context):
    users = context.get("users", {})
    today = timezone.localdate()
    institutions = [_institution(spec) for spec in INSTITUTIONS]
    poltekes, bandung, surabaya, denpasar, uncen, _ambon = institutions
    _categories(institutions)

    scopes = {
        name: ScopeArea.objects.get_or_create(name=name)[0]
        for name in (
            "Literasi kesehatan",
            "Perpustakaan digital",
            "Pertukaran pengetahuan dan pengalaman",
            "Literasi informasi",
        )
    }

    coordinator = users.get(POLTEKES_COORDINATOR) or _user(POLTEKES_COORDINATOR, "Nur Aisyah")
    member = _user(*POLTEKES_MEMBER)
    pending = _user(*POLTEKES_PENDING)
    for user, role, job_title in (
        (coordinator, Membership.Role.COORDINATOR, "Kepala Perpustakaan"),
        (member, Membership.Role.MEMBER, "Pustakawan"),
    ):
        Membership.objects.get_or_create(
            user=user,
            institution=poltekes,
            defaults={"role": role, "state": Membership.State.ACTIVE, "job_title": job_title},
        )
    if not Membership.objects.filter(user=pending, institution=poltekes).exists():
        services.membership_request(
            user=pending, institution=poltekes, job_title="Staf Perpustakaan"
        )

    previous = _agreement(
        title="Kerja sama layanan perpustakaan kesehatan",
        kind=AgreementKind.MOU,
        host_number="017/MOU/OL-TU/2019",
        partner_number="PP.01.02/1/0311/2019",
        summary="Kerja sama pertama: layanan referensi dan pinjam antarperpustakaan.",
        signed_on=datetime.date(2019, 6, 10),
        start_date=datetime.date(2019, 6, 10),
        end_date=datetime.date(2024, 6, 9),
        partners=[poltekes],
        scopes=[scopes["Literasi kesehatan"]],
    )
    mou = _agreement(
        title="Kerja sama pengembangan perpustakaan dan literasi",
        kind=AgreementKind.MOU,
        host_number="001/MOU/OL-TU/2024",
        partner_number="PP.01.02/1/0123/2024",
        summary="Kerangka kerja sama perpustakaan digital dan literasi kesehatan.",
        signed_on=datetime.date(2024, 6, 10),
        start_date=datetime.date(2024, 6, 10),
        end_date=datetime.date(2029, 6, 9),
        partners=[poltekes],
        scopes=[scopes["Perpustakaan digital"], scopes["Literasi kesehatan"]],
    )
    moa = _agreement(
        title="Program literasi kesehatan bersama",
        kind=AgreementKind.MOA,
        host_number="014/PKS/OL-TU/2024",
        partner_number="PP.01.02/1/0456/2024",
        summary="Perjanjian kerja sama (PKS) pelaksanaan program literasi kesehatan.",
        signed_on=datetime.date(2024, 8, 1),
        start_date=datetime.date(2024, 8, 1),
        end_date=datetime.date(2027, 7, 31),
        parent=mou,
        partners=[poltekes],
        scopes=[scopes["Literasi kesehatan"], scopes["Pertukaran pengetahuan dan pengalaman"]],
    )
    ia = _agreement(
        title="Pelatihan penelusuran informasi kesehatan untuk pustakawan",
        kind=AgreementKind.IA,
        host_number="031/IA/OL-TU/2025",
        signed_on=datetime.date(2025, 2, 3),
        start_date=datetime.date(2025, 2, 3),
        end_date=datetime.date(2026, 12, 31),
        parent=moa,
        partners=[poltekes],
        scopes=[scopes["Literasi informasi"]],
    )
    expiring = _agreement(
        title="Gerakan literasi sekolah bersama",
        kind=AgreementKind.MOA,
        host_number="022/PKS/OL-TU/2023",
        signed_on=today - datetime.timedelta(days=3 * 365),
        start_date=today - datetime.timedelta(days=3 * 365),
        end_date=today + datetime.timedelta(days=45),
        partners=[denpasar],
        scopes=[scopes["Literasi informasi"]],
    )
    expired = _agreement(
        title="Layanan perpustakaan keliling",
        kind=AgreementKind.MOU,
        host_number="009/MOU/OL-TU/2021",
        signed_on=today - datetime.timedelta(days=5 * 365),
        start_date=today - datetime.timedelta(days=5 * 365),
        end_date=today - datetime.timedelta(days=120),
        partners=[surabaya],
        scopes=[scopes["Pertukaran pengetahuan dan pengalaman"]],
    )
    repository = _agreement(
        title="Repositori digital bersama",
        kind=AgreementKind.MOU,
        signed_on=datetime.date(2025, 5, 20),
        start_date=datetime.date(2025, 5, 20),
        end_date=datetime.date(2030, 5, 19),
        partners=[uncen, bandung],
        scopes=[scopes["Perpustakaan digital"]],
    )

    # The MoU renews the first one (signed 2019): that one shows as renewed.
    if mou.renews_id is None and previous.successor is None:
        mou.renews = previous
        mou.save(update_fields=["renews", "updated_at"])
    for agreement, host_date, partner_date in (
        (previous, datetime.date(2019, 6, 10), datetime.date(2019, 6, 10)),
        (mou, datetime.date(2024, 6, 10), datetime.date(2024, 6, 10)),
        (moa, datetime.date(2024, 8, 1), datetime.date(2024, 8, 1)),
        (ia, datetime.date(2025, 2, 3), datetime.date(2025, 2, 3)),
    ):
        _signatories(agreement, host_date, partner_date)
    # A renewal in preparation: a draft, the old agreement still expiring.
    if expiring.successor is None:
        services.agreement_renew(agreement=expiring, by=None)

    # Follow-ups agreed at the visit of March 2024: one done (evidence), one
    # open on each side, one overdue on the partner's side.
    for title, side, owner, due, status, evidence in (
        (
            "Menyusun daftar jurnal kesehatan akses terbuka",
            SignatorySide.PARTNER,
            "Nur Aisyah",
            datetime.date(2024, 5, 31),
            FollowUp.Status.DONE,
            "https://poltekes-banjarmasin.example/perpustakaan/jurnal-terbuka",
        ),
        (
            "Mengirim modul pelatihan penelusuran informasi",
            SignatorySide.HOST,
            "Dewi Kartika",
            today + datetime.timedelta(days=20),
            FollowUp.Status.IN_PROGRESS,
            "",
        ),
        (
            "Menjadwalkan kunjungan balasan ke Bandung",
            SignatorySide.PARTNER,
            "Nur Aisyah",
            today - datetime.timedelta(days=10),
            FollowUp.Status.OPEN,
            "",
        ),
    ):
        FollowUp.objects.get_or_create(
            institution=poltekes,
            title=title,
            defaults={
                "agreement": moa,
                "agreed_at": "Studi banding Maret 2024",
                "side": side,
                "owner": owner,
                "due_date": due,
                "status": status,
                "evidence_url": evidence,
                "done_on": due if status == FollowUp.Status.DONE else None,
            },
        )

    # Done in 2025 under the PKS, with a signed report as its evidence file:
    # part of the recap of the demo year (RECAP_DEMO_YEAR).
    report_title = "Menyerahkan laporan kegiatan literasi semester pertama"
    if not FollowUp.objects.filter(institution=poltekes, title=report_title).exists():
        FollowUp.objects.create(
            institution=poltekes,
            agreement=moa,
            agreed_at="Rapat evaluasi PKS, Juni 2025",
            title=report_title,
            side=SignatorySide.PARTNER,
            owner="Nur Aisyah",
            due_date=datetime.date(2025, 7, 31),
            status=FollowUp.Status.DONE,
            done_on=datetime.date(2025, 7, 15),
            evidence_file=ContentFile(_pdf_bytes(), name="laporan-semester-1-2025.pdf"),
        )

    if not mou.documents.exists():
        services.agreement_document_upload(
            agreement=mou,
            title="MoU bertanda tangan",
            file=ContentFile(_pdf_bytes(), name="mou-poltekes.pdf"),
            by=users.get("kerjasama@openlibrary.example"),
        )
    PartnerActivity.objects.get_or_create(
        agreement=ia,
        title="Pelatihan penelusuran jurnal kesehatan daring",
        defaults={
            "kind": PartnerActivityKind.WORKSHOP,
            "date": datetime.date(2025, 3, 12),
            "participants": 18,
            "notes": "Pelatihan daring untuk pustakawan Poltekes Banjarmasin.",
        },
    )

    draft = _draft_under_discussion(
        moa=moa,
        poltekes=poltekes,
        coordinator=coordinator,
        staff=users.get("kerjasama@openlibrary.example"),
        scope=scopes["Perpustakaan digital"],
    )

    return {
        "poltekes": poltekes,
        "institutions": institutions,
        "agreements": {
            "poltekes_mou": mou,
            "poltekes_moa": moa,
            "poltekes_ia": ia,
            "expiring": expiring,
            "expired": expired,
            "repository": repository,
            "poltekes_previous": previous,
            "poltekes_draft": draft,
        },
    }


DRAFT_TITLE = "Pendampingan pengelolaan repositori digital kesehatan"


def _docx_bytes(paragraphs):
    """A small Word document (.docx) holding ``paragraphs``."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buffer.getvalue()


def _draft_under_discussion(*, moa, poltekes, coordinator, staff, scope):
    """A new IA under the Poltekes MoA, drafted together: shared, our first
    version, the partner's comments and counter-version, our reply."""
    agreement = _agreement(
        title=DRAFT_TITLE,
        kind=AgreementKind.IA,
        summary="Pendampingan penyiapan repositori karya ilmiah kesehatan Poltekes Banjarmasin.",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 7, 31),
        parent=moa,
        partners=[poltekes],
        scopes=[scope],
    )
    if hasattr(agreement, "drafting"):
        return agreement
    services.agreement_draft_share(agreement=agreement, by=staff)
    first = services.draft_version_add(
        agreement=agreement,
        file=ContentFile(
            _docx_bytes(
                [
                    "Pengaturan Pelaksanaan (IA) Pendampingan Repositori Digital Kesehatan",
                    "Pasal 1. Open Library mendampingi penyiapan repositori selama enam bulan.",
                    "Pasal 2. Poltekes Banjarmasin menyiapkan server dan dua pustakawan.",
                ]
            ),
            name="ia-repositori-v1.docx",
        ),
        note="Rancangan awal dari Open Library.",
        by=staff,
    )
    for body, version in (
        (
            "Terima kasih. Kami usulkan masa pendampingan delapan bulan karena server baru "
            "tersedia pada bulan kedua.",
            first,
        ),
        ("Pasal 2: kami hanya dapat menugaskan satu pustakawan penuh waktu.", first),
    ):
        services.draft_comment_add(
            agreement=agreement, body=body, version=version, by=coordinator, institution=poltekes
        )
    second = services.draft_version_add(
        agreement=agreement,
        file=ContentFile(_pdf_bytes(), name="ia-repositori-v2-poltekes.pdf"),
        note="Pasal 1 menjadi delapan bulan; Pasal 2 menjadi satu pustakawan penuh waktu.",
        by=coordinator,
        institution=poltekes,
    )
    services.draft_comment_add(
        agreement=agreement,
        body="Versi 2 sudah kami baca. Kami setuju dengan delapan bulan; pasal 2 akan kami "
        "bahas dengan kepala perpustakaan minggu ini.",
        version=second,
        by=staff,
    )
    return agreement
