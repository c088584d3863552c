"""Reads for the newsroom: lists, filters, related articles and metadata.

Every list comes with its relations already fetched, so a page renders in a
number of queries that does not grow with the articles, tags, writers or
related items it shows.
"""

import json

from django.db.models import Exists, F, OuterRef, Prefetch, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import translation
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale

from news.models import (
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NewsPageViews,
    NewsPageWriter,
    NewsPerson,
)
from portal import page_cache
from portal.selectors import public_pages
from portal.utils.search import search_words

RELATED_LIMIT = 4
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _with_relations(queryset):
    rendition_model = get_image_model().get_rendition_model()
    return queryset.select_related("hero_image", "editor", "view_stats").prefetch_related(
        Prefetch("hero_image__renditions", queryset=rendition_model.objects.all()),
        Prefetch(
            "writer_links",
            queryset=NewsPageWriter.objects.select_related("person").order_by("sort_order"),
        ),
        "categories",
    )


def news_index_for_feeds(*, language_code=None):
    """The live public news index in the language (the active one), or None.

    One query (every page's <head> asks): the view restrictions on the page
    or its ancestors are checked in it, where ``.public()`` reads them first.
    """
    return (
        public_pages(
            NewsIndexPage.objects.live().filter(
                locale__language_code=language_code or translation.get_language()
            )
        )
        .order_by("path")
        .first()
    )


def news_pages_live(*, locale=None, index_page=None):
    """Live public articles, newest first, in one language (or under one index)."""
    queryset = public_pages(NewsPage.objects.live())
    if index_page is not None:
        queryset = queryset.descendant_of(index_page)
    else:
        queryset = queryset.filter(locale=locale or Locale.get_active())
    return queryset.order_by("-date", "-first_published_at", "-pk")


def news_list(*, index_page, category=None, tag=None, year=None, month=None):
    """The articles of an index page, newest first, narrowed by category, tag
    and month. Category and tag are matched in subqueries, so no article comes
    twice and no DISTINCT is needed: over every column of an article (its
    body included) that made counting the pages cost more than reading one."""
    queryset = news_pages_live(index_page=index_page)
    if category is not None:
        queryset = queryset.filter(pk__in=NewsPage.objects.filter(categories=category).values("pk"))
    if tag:
        queryset = queryset.filter(pk__in=NewsPage.objects.filter(tags__slug=tag).values("pk"))
    if year and month:
        queryset = queryset.filter(date__year=year, date__month=month)
    return _with_relations(queryset)


def news_search(*, queryset, query):
    """Wagtail search within an already filtered list of articles.

    Only the words of ``query`` are searched for (see search_words); text with
    no words finds nothing.
    """
    words = search_words(query)
    if not words:
        return NewsPage.objects.none()
    ids = queryset.order_by().values("pk")
    return (
        NewsPage.objects.filter(pk__in=ids)
        .order_by("-date", "-first_published_at")
        .search(words, order_by_relevance=False)
    )


def news_months(*, index_page):
    """The months that have articles, newest first, for the archive list."""
    return news_pages_live(index_page=index_page).dates("date", "month", order="DESC")


def news_categories_in_use(*, index_page):
    ids = news_pages_live(index_page=index_page).values("categories")
    return NewsCategory.objects.filter(pk__in=ids).order_by("name")


def news_months_cached(*, index_page):
    """``news_months``, kept until an article changes (portal.page_cache)."""
    return page_cache.cached_fragment(
        f"news-months:{index_page.pk}",
        ("news", "pages"),
        lambda: list(news_months(index_page=index_page)),
    )


def news_categories_in_use_cached(*, index_page):
    """``news_categories_in_use``, kept until an article changes."""
    return page_cache.cached_fragment(
        f"news-categories:{index_page.pk}",
        ("news", "pages"),
        lambda: list(news_categories_in_use(index_page=index_page)),
    )


def news_category_by_slug(*, slug):
    """The category with this slug, or None."""
    return NewsCategory.objects.filter(slug=slug).first()


def news_category_or_404(*, slug):
    return get_object_or_404(NewsCategory, slug=slug)


def news_tag_by_slug(*, slug):
    """The tag with this slug, or None."""
    return Tag.objects.filter(slug=slug).first()


def news_page_live_or_404(*, page_id):
    """A live public article, with only what counting a view needs."""
    return get_object_or_404(
        NewsPage.objects.live().public().only("pk", "path", "depth"), pk=page_id
    )


def news_pages_with_view_count(queryset):
    """Articles annotated with ``view_count`` (0 before the first view), for the admin list."""
    return queryset.annotate(view_count=Coalesce(F("view_stats__count"), Value(0)))


def news_person_by_name(*, name):
    """The first writer or editor with this name, or None."""
    return NewsPerson.objects.filter(name=name).first()


def news_article_by_slug(*, index, slug):
    """The article with this slug under ``index`` (live or not), or None."""
    return NewsPage.objects.child_of(index).filter(slug=slug).first()


def news_person_for_user(*, user):
    """The newsroom profile linked to an account, or None."""
    return NewsPerson.objects.filter(user=user).first()


def news_latest(*, locale, limit=3):
    return list(_with_relations(news_pages_live(locale=locale))[:limit])


def news_for_institution(*, institution, limit=5):
    """Live articles about a partner institution, in the reader's language."""
    queryset = news_pages_live(locale=Locale.get_active()).filter(partners=institution)
    return list(_with_relations(queryset.distinct())[:limit])


def news_related(*, page, limit=RELATED_LIMIT):
    """Other live articles: same partner first, then same category, then newest."""
    partner_ids = [partner.pk for partner in page.partners.all()]
    category_ids = [category.pk for category in page.categories.all()]
    partners_through = NewsPage.partners.through
    categories_through = NewsPage.categories.through
    queryset = (
        news_pages_live(locale=page.locale)
        .exclude(pk=page.pk)
        .exclude(translation_key=page.translation_key)
        .annotate(
            shares_partner=Exists(
                partners_through.objects.filter(
                    newspage_id=OuterRef("pk"), institution_id__in=partner_ids
                )
            ),
            shares_category=Exists(
                categories_through.objects.filter(
                    newspage_id=OuterRef("pk"), newscategory_id__in=category_ids
                )
            ),
        )
        .order_by("-shares_partner", "-shares_category", "-date", "-first_published_at", "-pk")
    )
    return list(_with_relations(queryset)[:limit])


def news_view_count(*, page):
    return (
        NewsPageViews.objects.filter(page_id=page.pk).values_list("count", flat=True).first() or 0
    )


def json_script_data(data):
    """JSON for a <script type="application/ld+json"> block that cannot break out of it."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)


def _language_code(locale_id):
    """A locale's language code, kept in the cache (it does not change)."""
    return page_cache.cached_fragment(
        f"locale-code:{locale_id}",
        ("pages",),
        lambda: Locale.objects.get(pk=locale_id).language_code,
    )


def news_article_json_ld(*, page, request, writers, editor, image_url):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.summary,
        "datePublished": page.published_datetime.isoformat(),
        "mainEntityOfPage": page.get_full_url(request),
        "inLanguage": _language_code(page.locale_id),
        "author": [{"@type": "Person", "name": person.name} for person in writers],
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if editor:
        data["editor"] = {"@type": "Person", "name": editor.name}
    if image_url:
        data["image"] = [image_url]
    return json_script_data(data)


def _article_relations(page):
    """The article's people, labels, partners, events and related articles:
    everything its page shows that lives in other rows."""
    writers = [
        link.person
        for link in page.writer_links.all().select_related("person").order_by("sort_order")
    ]
    image_path = ""
    if page.hero_image:
        image_path = page.hero_image.get_rendition("fill-1200x630|format-jpeg").url
    return {
        "writers": writers,
        "editor": page.editor,
        "categories": list(page.categories.all()),
        "tags": list(page.tags.all()),
        "partners": list(page.partners.all()),
        "events": [event for event in page.events.all() if event.is_public],
        "related_news": news_related(page=page),
        "image_path": image_path,
        # The programme the article belongs to, while it is published.
        "programme": page.programme if page.programme_id and page.programme.live else None,
        # Where the category and tag links lead: the article's news index.
        "index_url": page.get_parent().url,
    }


# What the relations of a published article depend on (portal.page_cache tags).
ARTICLE_TAGS = ("news", "partners", "events", "media", "pages")


def news_article_context(*, page, request):
    """What an article's template shows besides the page's own fields.

    For a live article the relations (about two thirds of its render, the
    related articles a third) are kept as a cached fragment until an article,
    a partner, an event or an image changes; previews are read afresh.
    """
    is_preview = getattr(request, "is_preview", False)
    if is_preview or not page.live:
        relations = _article_relations(page)
    else:
        relations = page_cache.cached_fragment(
            f"news-article:{page.pk}:{page.latest_revision_id}:{translation.get_language()}",
            ARTICLE_TAGS,
            lambda: _article_relations(page),
        )
    image_path = relations.pop("image_path")
    image_url = ""
    if image_path:
        image_url = request.build_absolute_uri(image_path) if request else image_path
    writers, editor = relations["writers"], relations["editor"]
    return {
        **relations,
        "view_count": news_view_count(page=page),
        "share_image_url": image_url,
        "canonical_url": page.get_full_url(request),
        "json_ld": news_article_json_ld(
            page=page, request=request, writers=writers, editor=editor, image_url=image_url
        ),
        "count_views": not is_preview and page.live,
        "language_code": translation.get_language(),
        # The template keeps the article's body and breadcrumbs under this key
        # ({% cache %}) until one of ARTICLE_TAGS changes; a preview is not kept.
        "article_cache_key": (
            f"{page.pk}:{page.latest_revision_id}:{translation.get_language()}:"
            f"{page_cache.stamp(ARTICLE_TAGS)}"
            if not is_preview and page.live
            else "preview"
        ),
        "article_cache_seconds": 3600 if not is_preview and page.live else 0,
    }


def news_personal_data(*, user):
    """What the newsroom holds about an account: its profile and credits."""
    person = news_person_for_user(user=user)
    if person is None:
        return {}
    written = NewsPage.objects.filter(writer_links__person=person).distinct()
    edited = NewsPage.objects.filter(editor=person)
    return {
        "news_profile": {
            "name": person.name,
            "handle": person.handle,
            "articles_written": [
                {"title": p.title, "date": p.date, "live": p.live} for p in written
            ],
            "articles_edited": [{"title": p.title, "date": p.date, "live": p.live} for p in edited],
        }
    }
