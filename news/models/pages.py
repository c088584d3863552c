"""The newsroom's page types: the news index and the article."""

import datetime

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from news.api import CategoriesField, EditorField, WritersField
from news.blocks import NewsStreamBlock
from portal.models.pages import KnownRestrictionsMixin


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPageWriter(Orderable):
    """One writer credited on an article, in the order they are shown."""

    page = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="writer_links")
    person = models.ForeignKey(
        "news.NewsPerson",
        verbose_name=_("writer"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("writer")
        verbose_name_plural = _("writers")


class NewsIndexPage(KnownRestrictionsMixin, RoutablePageMixin, Page):
    """The news section: paginated list, filters, month archive, search and feeds."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    # The routes answer with news.views (news_index and news_feed), which
    # read through news.selectors and so import these models. To keep imports
    # one-way, no model imports a view: NewsConfig.ready() hands the views to
    # the page, as Wagtail's admin app hands Page its form (news/apps.py).
    index_view = None
    feed_view = None

    def route(self, request, path_components):
        """An article in one query (Wagtail reads the child, then its specific
        page); the index's own routes (feeds, months) still come first."""
        if len(path_components) == 1 and self.live:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                article = NewsPage.objects.child_of(self).filter(slug=path_components[0]).first()
                if article is not None:
                    article._cached_parent_obj = self
                    return article.route(request, [])
        return super().route(request, path_components)

    @path("")
    def index_route(self, request):
        return self.index_view(request, index_page=self)

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def month_route(self, request, year, month):
        return self.index_view(request, index_page=self, year=int(year), month=int(month))

    @path("rss/")
    def rss_route(self, request):
        return self.feed_view(request, index_page=self, kind="rss")

    @path("atom/")
    def atom_route(self, request):
        return self.feed_view(request, index_page=self, kind="atom")

    @path("kategori/<slug:category>/rss/")
    def category_rss_route(self, request, category):
        return self.feed_view(request, index_page=self, kind="rss", category_slug=category)

    @path("kategori/<slug:category>/atom/")
    def category_atom_route(self, request, category):
        return self.feed_view(request, index_page=self, kind="atom", category_slug=category)


def _today():
    return timezone.localdate()


class NewsPage(KnownRestrictionsMixin, Page):
    """A news article with its credits, links to partners and view count."""

    date = models.DateField(
        _("article date"),
        default=_today,
        help_text=_("The date shown on the article. Publication itself follows the go-live date."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences for lists, feeds and link previews."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("main image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    hero_caption = models.CharField(_("main image caption"), max_length=300, blank=True)
    body = StreamField(NewsStreamBlock(), verbose_name=_("body"), blank=True)
    editor = models.ForeignKey(
        "news.NewsPerson",
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    categories = ParentalManyToManyField(
        "news.NewsCategory", verbose_name=_("categories"), blank=True, related_name="pages"
    )
    tags = ClusterTaggableManager(through=NewsPageTag, verbose_name=_("tags"), blank=True)
    partners = ParentalManyToManyField(
        "partners.Institution",
        verbose_name=_("partner institutions"),
        blank=True,
        related_name="news_pages",
        help_text=_("The institutions this article is about."),
    )
    programme = models.ForeignKey(
        "portal.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
    )

    events = ParentalManyToManyField(
        "events.Event",
        verbose_name=_("related events"),
        blank=True,
        related_name="news_pages",
        help_text=_("Shared literacy events this article reports on or announces."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt"), FieldPanel("hero_caption")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [InlinePanel("writer_links", label=_("Writers"), min_num=1), FieldPanel("editor")],
            heading=_("Credits"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("categories"),
                FieldPanel("tags"),
                FieldPanel("partners"),
                FieldPanel("programme"),
                FieldPanel("events"),
            ],
            heading=_("Filed under and about"),
        ),
    ]

    # The public API (/api/v2/pages/?type=news.NewsPage): what the article
    # shows, the first publication date being in every page's meta.
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("writers", serializer=WritersField()),
        APIField("editor", serializer=EditorField()),
        APIField("categories", serializer=CategoriesField()),
        APIField(
            "image_thumbnail",
            serializer=ImageRenditionField("fill-400x225|format-jpeg", source="hero_image"),
        ),
        APIField(
            "image_large",
            serializer=ImageRenditionField("fill-1200x630|format-jpeg", source="hero_image"),
        ),
        APIField("hero_image_alt"),
        APIField("hero_caption"),
        APIField("body"),
    ]
    api_select_related = ("editor", "hero_image")
    api_prefetch_related = ("writer_links__person", "categories", "hero_image__renditions")

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    # Handed over by NewsConfig.ready() (news/apps.py), so that no model
    # imports a form or a selector: ``base_form_class`` is NewsPageForm of
    # news.admin_forms (offers private events only to those who may see them,
    # credits the author), ``article_context`` news_article_context of
    # news.selectors (what the article's template shows besides its fields).
    article_context = None

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def image(self):
        """What page cards (home page, partner page) show."""
        return self.hero_image

    @property
    def published_datetime(self):
        """The article date as an aware datetime, for feeds and metadata."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(8, 0)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.article_context(page=self, request=request))
        return context
