"""Reading the news: the index (with filters, archive and search), feeds, and
the view-count beacon."""

import datetime

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from news import services
from news.feeds import NewsAtomFeed, NewsRssFeed
from news.forms import NewsFilterForm
from news.selectors import (
    news_categories_in_use_cached,
    news_category_by_slug,
    news_category_or_404,
    news_list,
    news_months_cached,
    news_page_live_or_404,
    news_search,
    news_tag_by_slug,
    news_view_count,
)
from portal import page_cache
from portal.ratelimit import client_ip, hit, rate_limited_response

NEWS_PER_PAGE = 9


def _month_or_404(year, month):
    if year is None:
        return None
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404(_("There is no such month in the news archive."))
    return datetime.date(year, month, 1)


def news_index(request, *, index_page, year=None, month=None):
    archive_month = _month_or_404(year, month)
    form = NewsFilterForm(request.GET)
    status = 200
    category = tag = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if form.cleaned_data["kategori"]:
            category = news_category_by_slug(slug=form.cleaned_data["kategori"])
            if category is None:
                raise Http404(_("There is no such news category."))
        if form.cleaned_data["tag"]:
            tag = news_tag_by_slug(slug=form.cleaned_data["tag"])
            if tag is None:
                raise Http404(_("There is no such tag."))
    else:
        status = 400
    articles = news_list(
        index_page=index_page,
        category=category,
        tag=tag.slug if tag else None,
        year=year,
        month=month,
    )
    if query:
        articles = news_search(queryset=articles, query=query)
    paginator = Paginator(articles, NEWS_PER_PAGE)
    if not query:
        # How many articles there are changes only with the news (or a page's
        # restriction): kept until then instead of counted on every load.
        paginator.count = page_cache.cached_fragment(
            f"news-count:{index_page.pk}:{category.pk if category else ''}:"
            f"{tag.slug if tag else ''}:{archive_month or ''}",
            ("news", "pages"),
            articles.count,
        )
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("There is no such page of news.")) from None
    if query:
        # Search results come without prefetching: fetch the page's worth with it.
        ids = [article.pk for article in page_obj.object_list]
        fetched = news_list(index_page=index_page).in_bulk(ids)
        page_obj.object_list = [fetched[pk] for pk in ids if pk in fetched]
    kept = {
        name: value
        for name, value in (
            ("q", query),
            ("kategori", category.slug if category else ""),
            ("tag", tag.slug if tag else ""),
        )
        if value
    }
    response = index_page.render(
        request,
        context_overrides={
            "form": form,
            "page_obj": page_obj,
            "articles": page_obj.object_list,
            "category": category,
            "tag": tag,
            "search_query": query,
            "archive_month": archive_month,
            "months": news_months_cached(index_page=index_page),
            "categories": news_categories_in_use_cached(index_page=index_page),
            # The archive lists' links, rendered once per language, choice and
            # change of the news (portal.page_cache).
            "archive_cache_key": (
                f"{index_page.pk}:{request.get_host()}:{translation.get_language()}:"
                f"{category.slug if category else ''}:{archive_month or ''}:"
                f"{page_cache.stamp(('news', 'pages'))}"
            ),
            # The cards (and their reads) once per page of the list, language
            # and choice, until the news, pages or images change.
            "articles_cache_key": (
                f"{index_page.pk}:{request.get_host()}:{translation.get_language()}:"
                f"{urlencode(kept)}:{archive_month or ''}:{page_obj.number}:"
                f"{page_cache.stamp(('news', 'pages', 'media'))}"
            ),
            "is_filtered": bool(kept or archive_month),
            "query_prefix": urlencode(kept) + "&" if kept else "",
        },
    )
    response.status_code = status
    return response


def news_feed(request, *, index_page, kind, category_slug=None):
    if hit(request, "feeds"):
        return rate_limited_response(request, "feeds")
    category = None
    if category_slug:
        category = news_category_or_404(slug=category_slug)
    feed_class = NewsAtomFeed if kind == "atom" else NewsRssFeed
    return feed_class(index_page=index_page, category=category)(request)


def _same_origin(request):
    """A cross-site page must not be able to count views: check what browsers send."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin.split("://", 1)[-1] == request.get_host()
    return True


# No CSRF token: the beacon is sent from pages held in the shared page cache,
# which carry no per-browser token. It changes nothing a user owns (one
# anonymous view is added, at most once per client and article every
# DEDUPE_SECONDS), and cross-site requests are refused by _same_origin.
@csrf_exempt
@require_POST
@never_cache
def count_view(request, page_id):
    """Count one view and answer the article's count, which the page then shows.

    The article's HTML may come from the page cache, rendered before the
    latest views (or before this one): the answer is always fresh.
    """
    if not _same_origin(request):
        return HttpResponseForbidden()
    if hit(request, "views"):
        return rate_limited_response(request, "views")
    page = news_page_live_or_404(page_id=page_id)
    user_agent = request.headers.get("User-Agent", "")
    if services.is_bot(user_agent):
        return HttpResponse(status=204)
    is_editor = request.user.is_authenticated and page.permissions_for_user(request.user).can_edit()
    client_key = f"{client_ip(request)}|{user_agent}"
    if not is_editor and services.news_view_first_time(page_id=page.pk, client_key=client_key):
        services.news_view_increment(page_id=page.pk)
    count = news_view_count(page=page)
    text = ngettext("Viewed %(counter)s time", "Viewed %(counter)s times", count) % {
        "counter": count
    }
    return JsonResponse({"count": count, "text": text})
