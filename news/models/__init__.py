from news.models.pages import NewsIndexPage, NewsPage, NewsPageTag, NewsPageWriter
from news.models.snippets import NewsCategory, NewsPerson
from news.models.stats import NewsPageViews

__all__ = [
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "NewsPageViews",
    "NewsPageWriter",
    "NewsPerson",
]
