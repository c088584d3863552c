"""Demo newsroom: the news section, its people and categories, the seed
article about Poltekes Banjarmasin's study visit, and enough other articles
that pagination, the archive and related news show.

Idempotent: anything that exists (found by slug, name or e-mail) is left as
it is, so editors' changes and real view counts survive a second run.
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from news import selectors, services
from news.demo_articles import CATEGORIES, OTHER_ARTICLES
from news.models import NewsIndexPage
from portal.demo.images import demo_image
from portal.demo.pages import ensure_child, ensure_translation, paragraphs

WRITER_EMAIL = "mzakyrakhmat@openlibrary.example"
EDITOR_EMAIL = "iram.sari@openlibrary.example"
SEED_SLUG = "studi-banding-poltekes-banjarmasin-ke-open-library"


def _person(*, name, user=None, handle=""):
    person = selectors.news_person_by_name(name=name)
    if person is None:
        person = services.news_person_create(name=name, user=user, handle=handle)
    return person


def _category(slug, name, name_en):
    category = selectors.news_category_by_slug(slug=slug)
    if category is None:
        category = services.news_category_create(slug=slug, name=name, name_en=name_en)
    return category


def _aware(date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, 0)))


def _ensure_article(index, *, slug, writers, categories, partners=(), tags=(), views=0, **fields):
    existing = selectors.news_article_by_slug(index=index, slug=slug)
    if existing:
        return existing, False
    page = services.news_article_publish(
        index=index,
        slug=slug,
        first_published_at=_aware(fields["date"]),
        writers=writers,
        categories=categories,
        partners=partners,
        tags=tags,
        **fields,
    )
    if views and not selectors.news_view_count(page=page):
        services.news_view_set(page_id=page.pk, count=views)
    return page, True


def build_news(context):
    home = context["home"]
    users = context.get("users", {})
    english = Locale.objects.get_or_create(language_code="en")[0]

    writer = _person(
        name="Muhammad Zaky Rakhmat", user=users.get(WRITER_EMAIL), handle="mzakyrakhmat"
    )
    editor = _person(name="Iram Sari R", user=users.get(EDITOR_EMAIL))
    second_writer = _person(name="Dewi Kartika")
    categories = {slug: _category(slug, name, name_en) for slug, name, name_en in CATEGORIES}

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

    # Built by the partners step (partners.demo), which runs first.
    about_poltekes = [context["poltekes"]]
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
            *paragraphs(
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
            *paragraphs(
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
            body=paragraphs(summary),
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
        body=paragraphs(
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
