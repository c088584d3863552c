"""Demo newsroom: the news section, its people and categories, the seed
article about Poltekes Banjarmasin's study visit, and enough other articles
that pagination, the archive and related news show.

Idempotent: anything that exists (found by slug, name or e-mail) is left as
it is, so editors' changes and real view counts survive a second run.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from news.models import (
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NewsPageViews,
    NewsPageWriter,
    NewsPerson,
)
from news.services import news_view_set
from portal.demo.images import demo_image
from portal.demo.site import ensure_child, ensure_translation

WRITER_EMAIL = "mzakyrakhmat@openlibrary.example"
EDITOR_EMAIL = "iram.sari@openlibrary.example"

CATEGORIES = [
    ("kunjungan", "Kunjungan", "Visits"),
    ("kerja-sama", "Kerja Sama", "Cooperation"),
    ("literasi", "Literasi", "Literacy"),
    ("layanan", "Layanan", "Services"),
    ("kegiatan", "Kegiatan", "Events"),
]

SEED_SLUG = "studi-banding-poltekes-banjarmasin-ke-open-library"

# (slug, date, title, summary, categories, tags, about Poltekes?, views)
OTHER_ARTICLES = [
    (
        "pelatihan-literasi-digital-guru-sd",
        (2024, 1, 18),
        "Pustakawan Open Library melatih literasi digital guru sekolah dasar",
        "Dua puluh guru dari sekolah mitra belajar menelusuri sumber belajar terbuka dan menilai keandalan informasi daring.",
        ["literasi", "kegiatan"],
        ["literasi digital", "sekolah"],
        False,
        148,
    ),
    (
        "layanan-bebas-pustaka-daring",
        (2024, 1, 29),
        "Surat bebas pustaka kini bisa diurus sepenuhnya secara daring",
        "Mahasiswa tingkat akhir tidak perlu lagi datang ke loket: permohonan, pemeriksaan pinjaman dan surat keluar lewat portal.",
        ["layanan"],
        ["layanan daring"],
        False,
        412,
    ),
    (
        "kunjungan-smk-telkom-bandung",
        (2024, 2, 7),
        "Siswa SMK Telkom Bandung mengenal perpustakaan kampus",
        "Empat puluh siswa berkeliling ruang baca, mencoba katalog daring dan berdiskusi tentang persiapan kuliah.",
        ["kunjungan"],
        ["studi banding", "sekolah"],
        False,
        96,
    ),
    (
        "mou-perpustakaan-daerah-jawa-barat",
        (2024, 2, 21),
        "Open Library dan Dinas Perpustakaan Jawa Barat menandatangani nota kesepahaman",
        "Kerja sama lima tahun mencakup pertukaran koleksi digital, pelatihan pustakawan dan kegiatan literasi di kabupaten.",
        ["kerja-sama"],
        ["MoU", "perpustakaan daerah"],
        False,
        233,
    ),
    (
        "pekan-literasi-kesehatan-2024",
        (2024, 3, 12),
        "Pekan literasi kesehatan mengajak mahasiswa membaca label obat",
        "Rangkaian lokakarya singkat tentang cara membaca label obat, mengenali hoaks kesehatan dan mencari jurnal kedokteran.",
        ["literasi", "kegiatan"],
        ["literasi kesehatan"],
        True,
        187,
    ),
    (
        "jam-layanan-ramadan-2024",
        (2024, 3, 14),
        "Jam layanan Open Library selama Ramadan 1445 H",
        "Selama bulan puasa perpustakaan buka pukul 08.00 sampai 15.00 WIB pada hari kerja; layanan daring tetap berjalan.",
        ["layanan"],
        ["jam layanan"],
        False,
        305,
    ),
    (
        "tindak-lanjut-poltekes-banjarmasin",
        (2024, 4, 22),
        "Tindak lanjut studi banding: tim Poltekes Banjarmasin menyusun rencana repositori",
        "Sebulan setelah berkunjung, pustakawan Poltekes Banjarmasin membagikan rancangan repositori tugas akhir mereka.",
        ["kerja-sama", "kunjungan"],
        ["studi banding", "repositori"],
        True,
        121,
    ),
    (
        "webinar-manajemen-perpustakaan-digital",
        (2024, 5, 8),
        "Webinar manajemen perpustakaan digital diikuti 300 pustakawan",
        "Pustakawan dari 27 provinsi membahas pengadaan e-book, lisensi dan statistik pemakaian koleksi digital.",
        ["kegiatan", "kerja-sama"],
        ["webinar", "perpustakaan digital"],
        False,
        274,
    ),
    (
        "program-literasi-kesehatan-dimulai",
        (2024, 5, 15),
        "Program literasi kesehatan bersama Poltekes Banjarmasin resmi dimulai",
        "Kelas daring pertama membahas cara menemukan dan menilai informasi kesehatan yang dapat dipercaya.",
        ["literasi", "kerja-sama"],
        ["literasi kesehatan", "kelas daring"],
        True,
        198,
    ),
    (
        "pojok-baca-inklusif",
        (2024, 6, 3),
        "Pojok baca inklusif dibuka untuk pemustaka difabel",
        "Ruang baru dilengkapi pembaca layar, buku berhuruf besar dan meja yang dapat diatur ketinggiannya.",
        ["layanan"],
        ["inklusi", "aksesibilitas"],
        False,
        167,
    ),
    (
        "kunjungan-perpustakaan-universitas-mataram",
        (2024, 6, 19),
        "Perpustakaan Universitas Mataram belajar mengelola ruang kolaborasi",
        "Rombongan dari Lombok mempelajari pemesanan ruang diskusi dan cara mengukur pemakaian fasilitas.",
        ["kunjungan"],
        ["studi banding"],
        False,
        88,
    ),
    (
        "lomba-resensi-buku-mahasiswa",
        (2024, 7, 10),
        "Lomba resensi buku mahasiswa menjaring 150 naskah",
        "Dewan juri memilih sepuluh resensi terbaik yang akan diterbitkan di blog perpustakaan.",
        ["kegiatan", "literasi"],
        ["lomba", "resensi"],
        False,
        143,
    ),
    (
        "akses-jurnal-kesehatan-bersama",
        (2024, 8, 5),
        "Mitra kesehatan kini dapat memakai pangkalan data jurnal bersama",
        "Sivitas Poltekes Banjarmasin mendapat akses ke pangkalan data jurnal kesehatan melalui kerja sama perpustakaan.",
        ["kerja-sama", "layanan"],
        ["literasi kesehatan", "jurnal"],
        True,
        176,
    ),
    (
        "pameran-arsip-kampus",
        (2024, 9, 2),
        "Pameran arsip kampus menampilkan foto-foto tiga dekade",
        "Foto, dokumen dan rekaman lama dipamerkan di lobi perpustakaan selama dua minggu.",
        ["kegiatan"],
        ["arsip", "pameran"],
        False,
        119,
    ),
]


def _person(*, name, user=None, handle=""):
    person = NewsPerson.objects.filter(name=name).first()
    if person is None:
        person = NewsPerson(name=name, user=user, handle=handle)
        person.save()
    return person


def _aware(date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, 0)))


def _paragraphs(*texts):
    return [("paragraph", RichText("".join(f"<p>{text}</p>" for text in texts)))]


def _ensure_article(index, *, slug, writers, categories, partners=(), tags=(), views=0, **fields):
    existing = NewsPage.objects.child_of(index).filter(slug=slug).first()
    if existing:
        return existing, False
    page = NewsPage(slug=slug, first_published_at=_aware(fields["date"]), **fields)
    for order, person in enumerate(writers):
        page.writer_links.add(NewsPageWriter(person=person, sort_order=order))
    page.categories.set(categories)
    page.partners.set(list(partners))
    page.tags.set(list(tags))
    index.add_child(instance=page)
    page.save_revision().publish()
    if views and not NewsPageViews.objects.filter(page_id=page.pk).exists():
        news_view_set(page_id=page.pk, count=views)
    return page, True


def _find_poltekes(context):
    for key in ("poltekes", "poltekes_banjarmasin", "seed_institution"):
        if context.get(key) is not None:
            return context[key]
    from partners.models import Institution

    return Institution.objects.filter(name__icontains="Banjarmasin").order_by("pk").first()


def build_news(context):
    home = context["home"]
    users = context.get("users", {})
    english = Locale.objects.get_or_create(language_code="en")[0]

    writer = _person(
        name="Muhammad Zaky Rakhmat", user=users.get(WRITER_EMAIL), handle="mzakyrakhmat"
    )
    editor = _person(name="Iram Sari R", user=users.get(EDITOR_EMAIL))
    second_writer = _person(name="Dewi Kartika")
    categories = {}
    for slug, name, name_en in CATEGORIES:
        categories[slug], _ = NewsCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )

    index = ensure_child(
        home,
        NewsIndexPage,
        slug="berita",
        title="Berita",
        show_in_menus=True,
        introduction=(
            "Kabar terbaru dari Open Library dan institusi mitranya: kunjungan, kerja sama, "
            "layanan dan kegiatan literasi."
        ),
    )
    index_en = ensure_translation(
        index,
        english,
        title="News",
        slug="news",
        introduction=(
            "The latest from Open Library and its partner institutions: visits, cooperation, "
            "services and literacy activities."
        ),
    )

    poltekes = _find_poltekes(context)
    about_poltekes = [poltekes] if poltekes is not None else []
    health = context.get("health_programme")
    photo = demo_image(
        title="Rombongan Poltekes Banjarmasin di Open Library",
        seed=11,
        accent=(27, 107, 58),
    )
    seed, _created = _ensure_article(
        index,
        slug=SEED_SLUG,
        title="Perpustakaan Poltekes Banjarmasin studi banding ke Open Library Telkom University",
        date=datetime.date(2024, 3, 27),
        summary=(
            "Direktur Akademik, staf akademik dan seluruh pustakawan Politeknik Kesehatan "
            "Banjarmasin belajar langsung cara Open Library mengelola perpustakaan digital "
            "dan layanannya."
        ),
        hero_image=photo,
        hero_image_alt=(
            "Rombongan Poltekes Banjarmasin dan pustakawan Open Library berdiri di depan rak koleksi"
        ),
        hero_caption=(
            "Rombongan Poltekes Banjarmasin bersama pustakawan Open Library, Selasa (26/3/2024)."
        ),
        body=[
            *_paragraphs(
                "Bandung, Selasa (26/3/2024): Open Library Telkom University menerima rombongan "
                "Politeknik Kesehatan (Poltekes) Banjarmasin. Direktur Akademik datang bersama "
                "staf akademik dan seluruh pustakawan kampus itu untuk melihat dari dekat "
                "bagaimana perpustakaan digital dijalankan sehari-hari.",
                "Perpustakaan Poltekes Banjarmasin memusatkan layanannya pada literasi kesehatan. "
                "Dalam diskusi, tim Open Library memaparkan alur pengadaan koleksi digital, "
                "repositori karya ilmiah, layanan referensi daring dan cara mengukur pemakaian "
                "ruang baca.",
            ),
            ("heading", {"text": "Program literasi bersama", "level": "h2"}),
            *_paragraphs(
                "Kedua pihak sepakat merancang program literasi bersama dan saling berbagi "
                "pengetahuan serta pengalaman dalam pengelolaan perpustakaan. Langkah pertama "
                "adalah kelas literasi kesehatan yang akan dibuka untuk mahasiswa kedua kampus.",
            ),
            (
                "quote",
                {
                    "text": (
                        "Kami ingin perpustakaan menjadi tempat mahasiswa kesehatan belajar "
                        "memilah informasi yang benar."
                    ),
                    "attribution": "Pustakawan Poltekes Banjarmasin",
                },
            ),
        ],
        writers=[writer],
        editor=editor,
        categories=[categories["kunjungan"], categories["kerja-sama"]],
        partners=about_poltekes,
        tags=["studi banding", "literasi kesehatan", "perpustakaan digital"],
        programme=health,
        views=265,
    )

    articles = [seed]
    for number, (slug, ymd, title, summary, cats, tags, about, views) in enumerate(OTHER_ARTICLES):
        image = demo_image(
            title=f"Ilustrasi berita: {title[:60]}",
            seed=20 + number,
            accent=[(164, 22, 26), (27, 107, 58), (31, 79, 150), (120, 72, 20)][number % 4],
            width=960,
            height=600,
        )
        article, _ = _ensure_article(
            index,
            slug=slug,
            title=title,
            date=datetime.date(*ymd),
            summary=summary,
            hero_image=image,
            hero_image_alt="",
            body=_paragraphs(summary),
            writers=[writer] if number % 3 else [second_writer, writer],
            editor=editor,
            categories=[categories[slug_] for slug_ in cats],
            partners=about_poltekes if about else [],
            programme=health if about and "literasi-kesehatan" in slug else None,
            tags=tags,
            views=views,
        )
        articles.append(article)

    seed_en = ensure_translation(
        seed,
        english,
        title="Poltekes Banjarmasin's library on a study visit to Open Library, Telkom University",
        summary=(
            "The Academic Director, academic staff and all the librarians of the Health "
            "Polytechnic of Banjarmasin came to see how Open Library runs its digital library "
            "and services."
        ),
        hero_image_alt=(
            "The Poltekes Banjarmasin delegation and Open Library librarians in front of the shelves"
        ),
        hero_caption="The Poltekes Banjarmasin delegation with Open Library librarians, 26 March 2024.",
        body=_paragraphs(
            "Bandung, Tuesday 26 March 2024: Open Library, Telkom University, welcomed a "
            "delegation from the Health Polytechnic (Poltekes) of Banjarmasin, led by its "
            "Academic Director, to see how a digital library is run day to day.",
            "The Poltekes library focuses on health literacy. Both sides agreed to plan joint "
            "literacy programmes and to share knowledge and experience in running libraries, "
            "starting with a health-literacy class open to students of both campuses.",
        ),
    )

    visit = context.get("seed_visit")
    if (
        visit is not None
        and hasattr(visit, "report_article_id")
        and visit.report_article_id is None
    ):
        visit.report_article = seed
        visit.save(update_fields=["report_article"])

    return {
        "news_index": index,
        "news_index_en": index_en,
        "seed_article": seed,
        "seed_article_en": seed_en,
        "news_articles": articles,
    }
