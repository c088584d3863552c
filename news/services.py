"""Writes with business meaning in the newsroom: counting a view."""

import hashlib
import re

from django.core.cache import cache
from django.db.models import F

from news.models import NewsPageViews, NewsPerson

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
