from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Hand the page models what they show and how they are edited.

        The views, selectors and admin forms import the models, so the models
        import none of them (no import cycle): like Wagtail's admin app, which
        gives ``Page`` its ``base_form_class`` in its own ``ready()``, the
        news pages receive theirs here.
        """
        from news import admin_forms, selectors, views
        from news.models import NewsIndexPage, NewsPage

        NewsIndexPage.index_view = staticmethod(views.news_index)
        NewsIndexPage.feed_view = staticmethod(views.news_feed)
        NewsPage.article_context = staticmethod(selectors.news_article_context)
        NewsPage.base_form_class = admin_forms.NewsPageForm
