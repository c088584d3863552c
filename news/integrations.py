"""What the newsroom offers other parts of the portal through the extension
points of portal.extensions (registered in wagtail_hooks.py)."""

from django.utils.translation import gettext as _

from news.selectors import news_for_institution, news_latest, news_personal_data
from news.services import news_person_unlink_account
from portal.extensions import Section

HOME_NEWS = 3


def home_sections(*, home, request):
    """``home_sections``: the latest articles in the home page's language, first."""
    return [
        Section(
            title=_("Latest news"),
            template="news/sections/home_latest_news.html",
            context={"articles": news_latest(locale=home.locale, limit=HOME_NEWS)},
            order=10,
        )
    ]


def partner_page_sections(*, institution, request):
    """``partner_page_sections``: articles about the partner, if there are any."""
    articles = news_for_institution(institution=institution)
    if not articles:
        return []
    return [
        Section(
            title=_("News"),
            template="news/sections/partner_news.html",
            context={"articles": articles},
            order=20,
        )
    ]


def personal_data(*, user):
    """``personal_data``: the user's newsroom profile (writer or editor)."""
    return news_personal_data(user=user)


def erase_personal_data(*, user):
    """``erase_personal_data``: the newsroom profile stays, unlinked from the account."""
    news_person_unlink_account(user=user)
