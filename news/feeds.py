"""RSS 2.0 and Atom feeds of the news, all articles or one category."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from news.selectors import news_list

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, *, index_page, category=None):
        super().__init__()
        self.index_page = index_page
        self.category = category

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.category:
            return _("%(site)s news: %(category)s") % {
                "site": "Mitra Pustaka",
                "category": self.category.display_name,
            }
        return _("%(site)s news") % {"site": "Mitra Pustaka"}

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.introduction or _("News from the library and its partners.")

    def feed_url(self):
        return self.request.get_full_path()

    def items(self):
        return news_list(index_page=self.index_page, category=self.category)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_datetime

    def item_updateddate(self, item):
        return item.last_published_at or item.published_datetime

    def item_author_name(self, item):
        return ", ".join(link.person.name for link in item.writer_links.all()) or None

    def item_categories(self, item):
        return [category.display_name for category in item.categories.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
