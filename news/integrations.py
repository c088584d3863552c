"""What the newsroom offers other parts of the portal through the extension
points of portal.extensions (registered in wagtail_hooks.py)."""

from django.utils import translation
from django.utils.translation import gettext as _

from news.selectors import (
    news_for_institution,
    news_index_for_feeds,
    news_latest,
    news_personal_data,
)
from news.services import news_person_unlink_account
from portal import page_cache
from portal.extensions import FeedLink, cards_section

HOME_NEWS = 3


def home_sections(*, home, request):
    """``home_sections``: the latest articles in the home page's language, first."""
    return [
        cards_section(
            title=_("Latest news"),
            anchor="latest-news",
            items=news_latest(locale=home.locale, limit=HOME_NEWS),
            empty_text=_("No news has been published yet."),
            order=10,
        )
    ]


def partner_page_sections(*, institution, request):
    """``partner_page_sections``: articles about the partner, if there are any."""
    articles = news_for_institution(institution=institution)
    if not articles:
        return []
    return [cards_section(title=_("News"), anchor="partner-news", items=articles, order=20)]


def _feed_urls(request):
    index = news_index_for_feeds()
    url = index.get_url(request) if index is not None else None
    if not url:
        return None
    return url + index.reverse_subpage("rss_route"), url + index.reverse_subpage("atom_route")


def feed_links(*, request):
    """``feed_links``: the news feeds (RSS and Atom) in the reader's language."""
    # Every page's <head> asks: kept until a page or an article changes.
    urls = page_cache.cached_fragment(
        f"news-feed-urls:{request.get_host() if request else ''}:{translation.get_language()}",
        ("pages", "news"),
        lambda: _feed_urls(request) or (),
    )
    if not urls:
        return []
    rss, atom = urls
    return [
        FeedLink(
            href=rss,
            type="application/rss+xml",
            title=_("News (RSS)"),
            order=10,
        ),
        FeedLink(
            href=atom,
            type="application/atom+xml",
            title=_("News (Atom)"),
            order=11,
        ),
    ]


def personal_data(*, user):
    """``personal_data``: the user's newsroom profile (writer or editor)."""
    return news_personal_data(user=user)


def erase_personal_data(*, user):
    """``erase_personal_data``: the newsroom profile stays, unlinked from the account."""
    news_person_unlink_account(user=user)
