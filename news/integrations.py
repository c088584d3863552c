"""What the newsroom offers other parts of the portal through the extension
points of portal.extensions (registered in wagtail_hooks.py)."""

from django.utils.translation import gettext as _

from news.selectors import (
    news_for_institution,
    news_index_for_feeds,
    news_latest,
    news_personal_data,
)
from news.services import news_person_unlink_account
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


def feed_links(*, request):
    """``feed_links``: the news feeds (RSS and Atom) in the reader's language."""
    index = news_index_for_feeds()
    url = index.get_url(request) if index is not None else None
    if not url:
        return []
    return [
        FeedLink(
            href=url + index.reverse_subpage("rss_route"),
            type="application/rss+xml",
            title=_("News (RSS)"),
            order=10,
        ),
        FeedLink(
            href=url + index.reverse_subpage("atom_route"),
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
