"""Writes with business meaning in the newsroom: counting a view, the
newsroom's people and categories, publishing an article."""

import hashlib
import re

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from news.models import NewsCategory, NewsPage, NewsPageViews, NewsPageWriter, NewsPerson

# Crawlers, link-preview fetchers and monitoring tools: not readers.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|monitor|curl|wget|"
    r"python-requests|httpx|headlesschrome|lighthouse|pingdom|uptime",
    re.IGNORECASE,
)
DEDUPE_SECONDS = 30 * 60


def is_bot(user_agent):
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def news_view_first_time(*, page_id, client_key):
    """True the first time this client is seen on this article in DEDUPE_SECONDS."""
    digest = hashlib.sha256(client_key.encode()).hexdigest()[:24]
    return cache.add(f"news-view:{page_id}:{digest}", 1, timeout=DEDUPE_SECONDS)


def news_view_increment(*, page_id):
    """Add one view to an article, atomically: concurrent requests never lose one.

    ``UPDATE ... SET count = count + 1`` runs in the database, so two app
    servers counting at once both land. The row is created on the first view
    with an INSERT that ignores a concurrent twin (and sends no save signal,
    so the page cache is not emptied by a view).
    """
    updated = NewsPageViews.objects.filter(page_id=page_id).update(count=F("count") + 1)
    if not updated:
        NewsPageViews.objects.bulk_create([NewsPageViews(page_id=page_id)], ignore_conflicts=True)
        NewsPageViews.objects.filter(page_id=page_id).update(count=F("count") + 1)


def news_view_set(*, page_id, count):
    """Set an article's count outright (demo data, imports from an older site)."""
    NewsPageViews.objects.bulk_create([NewsPageViews(page_id=page_id)], ignore_conflicts=True)
    NewsPageViews.objects.filter(page_id=page_id).update(count=count)


def news_person_create(*, name, user=None, handle=""):
    """A writer or editor for article credits, optionally linked to an account."""
    person = NewsPerson(name=name, user=user, handle=handle)
    person.save()
    return person


def news_category_create(*, slug, name, name_en=""):
    """A category articles can be filed under, named in both languages."""
    return NewsCategory.objects.create(slug=slug, name=name, name_en=name_en)


def news_article_publish(
    *, index, writers, categories=(), partners=(), tags=(), first_published_at=None, **fields
):
    """Create an article under ``index`` and publish it at once.

    ``writers`` are NewsPerson in the order they are credited; the other
    keyword arguments are the article's fields. ``first_published_at`` sets
    the publication date shown in the admin (e.g. for older articles brought
    over from another site).
    """
    page = NewsPage(first_published_at=first_published_at, **fields)
    for order, person in enumerate(writers):
        page.writer_links.add(NewsPageWriter(person=person, sort_order=order))
    page.categories.set(list(categories))
    page.partners.set(list(partners))
    page.tags.set(list(tags))
    with transaction.atomic():
        index.add_child(instance=page)
        page.save_revision().publish()
    return page


def news_person_unlink_account(*, user):
    """When an account is deleted: the newsroom profile stays (published
    credits are part of the articles), but loses the link to the account and
    any handle taken from its e-mail address."""
    local_part = (user.email or "").split("@", 1)[0]
    for person in NewsPerson.objects.filter(user=user):
        if person.handle == local_part:
            person.handle = ""
        person.user = None
        person.save(update_fields=["handle", "user"])


class NoNewsIndex(Exception):
    """There is no news index page in the language a draft is for."""


def news_draft_create(
    *,
    title,
    date,
    summary,
    body,
    owner,
    language="id",
    slug_base=None,
    hero_image=None,
    hero_image_alt="",
    hero_caption="",
    partners=(),
):
    """Make an unpublished ``NewsPage`` under the first news index of ``language``.

    The newsroom owns its pages: the slug is made unique among the index's
    children (from ``slug_base``, default the title), the owner becomes the
    writer when they have a newsroom profile, the draft is saved as a revision
    (logged) and NOT published; writers and editors take it through the
    newsroom workflow. Raises ``NoNewsIndex`` when there is no index page in
    that language. Returns the page.
    """
    from django.db import transaction
    from django.utils.text import Truncator, slugify

    from news.models import NewsIndexPage, NewsPage, NewsPageWriter

    index = NewsIndexPage.objects.filter(locale__language_code=language).order_by("path").first()
    if index is None:
        raise NoNewsIndex(language)
    base = (slugify(slug_base or title) or "berita")[:70].strip("-")
    slug, number = base, 1
    while index.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    with transaction.atomic():
        page = NewsPage(
            title=Truncator(title).chars(255),
            slug=slug,
            date=date,
            summary=summary,
            body=body,
            owner=owner,
            live=False,
        )
        if hero_image is not None:
            page.hero_image = hero_image
            page.hero_image_alt = Truncator(hero_image_alt).chars(250)
            page.hero_caption = hero_caption
        news_person = getattr(owner, "news_person", None)
        if news_person is not None:
            page.writer_links.add(NewsPageWriter(person=news_person, sort_order=0))
        page.partners.set(list(partners))
        index.add_child(instance=page)
        page.save_revision(user=owner, log_action=True)
    return page
