"""The host's site tree in Indonesian with its English translation.

Everything is created only when missing, so editors' changes survive a
second run of ``load_demo_data``.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from portal.demo.images import demo_image
from portal.demo.pages import ensure_child, ensure_translation, heading, paragraphs
from portal.models import (
    FooterText,
    HomePage,
    ProgrammeIndexPage,
    ProgrammePage,
    SiteSettings,
    StandardPage,
    User,
)

# Printed for local use; demo data loads only with DEBUG on or --force.
DEMO_PASSWORD = "pustaka-demo-2024"  # noqa: S105  # nosec B105

# (e-mail, full name, group, is_superuser, description for the README table)
DEMO_USERS = [
    ("admin@openlibrary.example", "Admin Open Library", "Administrators", True, "administrator"),
    (
        "kerjasama@openlibrary.example",
        "Dewi Kartika",
        "Cooperation staff",
        False,
        "cooperation staff",
    ),
    (
        "andi.rahman@openlibrary.example",
        "Andi Rahman",
        "Cooperation staff",
        False,
        "staff approving the Makassar room",
    ),
    ("iram.sari@openlibrary.example", "Iram Sari R", "Editors", False, "editor"),
    (
        "mzakyrakhmat@openlibrary.example",
        "Muhammad Zaky Rakhmat",
        "Writers",
        False,
        "writer (Penulis)",
    ),
    (
        "pustakawan@poltekes-banjarmasin.example",
        "Nur Aisyah",
        None,
        False,
        "partner member (Poltekes Banjarmasin)",
    ),
]


def build_users(stdout=None):
    users = {}
    for email, full_name, group_name, is_superuser, _role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                is_staff=is_superuser,
                is_superuser=is_superuser,
            )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email] = user
    return users


def build_site():
    """Home, about, guidelines, contact and the programme pages, in both languages."""
    indonesian = Locale.objects.get(language_code="id")
    english, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=indonesian).first()
    if home is None:
        # Wagtail's migrations leave a welcome page as the site root; replace it.
        for page in root.get_children().not_type(HomePage):
            page.delete()
        hero = demo_image(title="Rak buku Open Library", seed=3)
        home = HomePage(
            title="Beranda",
            slug="beranda",
            locale=indonesian,
            hero_title="Bersama membangun perpustakaan yang melayani",
            hero_text=(
                "Mitra Pustaka adalah portal kerja sama Open Library Bandung, perpustakaan Telkom University: "
                "tempat perpustakaan, kampus dan sekolah mitra merencanakan studi banding, "
                "melihat naskah kerja sama dan mengikuti kegiatan literasi bersama."
            ),
            hero_image=hero,
            hero_image_alt="Deretan buku di rak perpustakaan",
            visit_call_title="Ingin studi banding ke Open Library?",
            visit_call_text=(
                "Kami menerima kunjungan rombongan dari perpustakaan dan institusi pendidikan. "
                "Baca pedoman kunjungan, lalu ajukan jadwal melalui akun institusi Anda."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, hostname="localhost", port=80)
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Mitra Pustaka"
        site.save()

    about = ensure_child(
        home,
        StandardPage,
        slug="tentang",
        title="Tentang Mitra Pustaka",
        show_in_menus=True,
        introduction=(
            "Open Library Telkom University membuka pintu bagi perpustakaan lain untuk belajar "
            "bersama. Portal ini mencatat setiap langkah kerja sama itu."
        ),
        body=[
            *paragraphs(
                "Open Library adalah perpustakaan Telkom University di Bandung. Selain melayani "
                "sivitas akademika, kami rutin menerima kunjungan studi banding dan menjalin "
                "kerja sama dengan perpustakaan perguruan tinggi, politeknik dan sekolah.",
                "Salah satu mitra kami adalah Politeknik Kesehatan (Poltekes) Banjarmasin, yang "
                "perpustakaannya berfokus pada literasi kesehatan. Pada Maret 2024 rombongan "
                "Poltekes Banjarmasin berkunjung ke Open Library dan kedua pihak sepakat "
                "merancang program literasi bersama.",
            ),
        ],
    )
    guidelines = ensure_child(
        home,
        StandardPage,
        slug="pedoman-kunjungan",
        title="Pedoman Kunjungan",
        show_in_menus=True,
        introduction="Hal yang perlu disiapkan sebelum rombongan Anda datang ke Open Library.",
        body=[
            heading("Sebelum mengajukan"),
            *paragraphs(
                "Ajukan kunjungan paling lambat dua minggu sebelum tanggal yang diinginkan, "
                "melalui akun anggota institusi yang telah diverifikasi.",
                "Siapkan surat permohonan resmi dalam format PDF, tujuan kunjungan, topik yang "
                "ingin dipelajari dan perkiraan jumlah peserta.",
            ),
            heading("Pada hari kunjungan"),
            *paragraphs(
                "Rombongan diterima pada jam layanan. Sampaikan kebutuhan khusus, misalnya akses "
                "kursi roda atau juru bahasa, saat mengajukan permohonan.",
            ),
        ],
    )
    contact = ensure_child(
        home,
        StandardPage,
        slug="kontak",
        title="Kontak",
        show_in_menus=True,
        introduction="Hubungi tim kerja sama Open Library untuk pertanyaan tentang kemitraan dan kunjungan.",
        body=paragraphs(
            "Alamat, telepon dan surel kami tercantum di bagian bawah setiap halaman.",
        ),
    )
    programmes = ensure_child(
        home,
        ProgrammeIndexPage,
        slug="program-literasi",
        title="Program Literasi",
        show_in_menus=True,
        introduction=RichText(
            "<p>Program yang kami jalankan bersama institusi mitra untuk memperkuat literasi "
            "masyarakat kampus dan sekitarnya.</p>"
        ),
    )
    programme_image = demo_image(title="Pojok literasi kesehatan", seed=7, accent=(27, 107, 58))
    health = ensure_child(
        programmes,
        ProgrammePage,
        slug="literasi-kesehatan",
        title="Literasi Kesehatan bersama Poltekes Banjarmasin",
        summary=(
            "Program bersama untuk membantu mahasiswa dan masyarakat menemukan, menilai dan "
            "memakai informasi kesehatan yang dapat dipercaya."
        ),
        focus_area="Literasi kesehatan",
        partner_names="Politeknik Kesehatan Banjarmasin",
        start_date=datetime.date(2024, 5, 1),
        image=programme_image,
        image_alt="Rak buku bertema kesehatan",
        body=paragraphs(
            "Program ini lahir dari studi banding Poltekes Banjarmasin ke Open Library pada "
            "26 Maret 2024. Kedua perpustakaan berbagi pengalaman mengelola koleksi digital "
            "dan merancang kegiatan literasi kesehatan secara daring maupun tatap muka.",
        ),
    )

    home_en = ensure_translation(
        home,
        english,
        title="Home",
        hero_title="Building libraries that serve, together",
        hero_text=(
            "Mitra Pustaka is the cooperation portal of Open Library Bandung, the library of Telkom University: "
            "where partner libraries, universities and schools plan study visits, see their "
            "agreements and join shared literacy events."
        ),
        hero_image_alt="Rows of books on a library shelf",
        visit_call_title="Would you like to visit Open Library?",
        visit_call_text=(
            "We welcome group visits from libraries and educational institutions. Read the "
            "visiting guidelines, then request a date through your institution's account."
        ),
    )
    about_en = ensure_translation(
        about,
        english,
        title="About Mitra Pustaka",
        introduction=(
            "Open Library, Telkom University, opens its doors to other libraries to learn "
            "together. This portal keeps track of every step of that cooperation."
        ),
        body=paragraphs(
            "Open Library is the library of Telkom University in Bandung. Besides serving its "
            "own academic community, it regularly hosts study visits and cooperates with "
            "university, polytechnic and school libraries.",
            "One partner is the Health Polytechnic (Poltekes) of Banjarmasin, whose library "
            "focuses on health literacy. In March 2024 a delegation from Poltekes Banjarmasin "
            "visited Open Library, and both sides agreed to plan joint literacy programmes.",
        ),
    )
    guidelines_en = ensure_translation(
        guidelines,
        english,
        title="Visiting guidelines",
        introduction="What to prepare before your group comes to Open Library.",
        body=[
            heading("Before you apply"),
            *paragraphs(
                "Request a visit at least two weeks before the date you have in mind, through the "
                "account of a member of a verified institution.",
                "Prepare an official request letter as a PDF, the purpose of the visit, the topics "
                "you would like to learn about and the expected number of participants.",
            ),
            heading("On the day"),
            *paragraphs(
                "Groups are welcomed during opening hours. Tell us about special needs, such as "
                "wheelchair access or an interpreter, when you apply.",
            ),
        ],
    )
    ensure_translation(
        contact,
        english,
        title="Contact",
        introduction="Contact the Open Library cooperation team about partnerships and visits.",
        body=paragraphs("Our address, phone and e-mail are at the bottom of every page."),
    )
    programmes_en = ensure_translation(
        programmes,
        english,
        title="Literacy programmes",
        introduction=RichText(
            "<p>Programmes we run with partner institutions to strengthen literacy on campus "
            "and in the community around it.</p>"
        ),
    )
    ensure_translation(
        health,
        english,
        title="Health literacy with Poltekes Banjarmasin",
        summary=(
            "A joint programme that helps students and the public find, judge and use "
            "trustworthy health information."
        ),
        focus_area="Health literacy",
        partner_names="Health Polytechnic of Banjarmasin",
        image_alt="Shelves of health books",
        body=paragraphs(
            "The programme grew out of the study visit Poltekes Banjarmasin paid to Open Library "
            "on 26 March 2024. The two libraries share their experience of running digital "
            "collections and plan health-literacy activities both online and on site.",
        ),
    )

    for home_page, link in ((home, guidelines), (home_en, guidelines_en)):
        # Re-read the page: publishing a stale instance would write back an
        # old child count and hide the pages added since.
        home_page = HomePage.objects.get(pk=home_page.pk)
        if home_page.visit_call_page_id is None:
            home_page.visit_call_page = link
            home_page.save_revision().publish()

    settings = SiteSettings.for_site(site)
    if not settings.address:
        settings.organisation_name = "Open Library Bandung"
        settings.address = (
            "Gedung Open Library, Telkom University\n"
            "Jl. Telekomunikasi No. 1, Terusan Buahbatu\nBandung 40257, Jawa Barat"
        )
        settings.email = "openlibrary@openlibrary.example"
        settings.opening_hours = "Senin–Jumat 08.00–16.00 WIB"
        settings.opening_hours_en = "Monday to Friday, 08:00–16:00 WIB"
        settings.instagram_url = "https://www.instagram.com/openlibrarytelu/"
        # Who signs the reply letters to visit requests (a fictitious name).
        settings.letter_place = "Bandung"
        settings.letter_signatory_name = "Dr. Rina Marlina, S.IP., M.Hum."
        settings.letter_signatory_position = "Kepala Open Library Telkom University"
        settings.letter_signatory_position_en = "Head of Open Library, Telkom University"
        settings.save()
    if not FooterText.objects.exists():
        footer = FooterText.objects.create(
            locale=indonesian,
            body="Portal kerja sama antarperpustakaan dan studi banding Open Library Telkom University.",
        )
        footer_en = footer.copy_for_translation(english)
        footer_en.body = "The inter-library cooperation and study-visit portal of Open Library, Telkom University."
        footer_en.save()

    return {
        "home": home,
        "home_en": home_en,
        "about": about,
        "about_en": about_en,
        "guidelines": guidelines,
        "programmes": programmes,
        "programmes_en": programmes_en,
        "health_programme": health,
        "site": site,
    }


def build_site_step(context):
    return build_site()
