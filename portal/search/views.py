from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from portal.ratelimit import rate_limit
from portal.search.forms import SearchForm
from portal.search.selectors import search_groups_counted, search_suggestions
from portal.utils.search import search_words

RESULTS_PER_PAGE = 10  # when one kind is shown
GROUP_PREVIEW = 5  # of each kind when all are shown


@require_safe
@rate_limit("search")
def search(request):
    """Pages and news, events and partners for ``query``, grouped by kind;
    ``kind`` shows one kind, paginated. Any text answers 200: too long gets
    the form's message, no letters or digits gets "no results"."""
    form = SearchForm(request.GET)
    context = {"form": form, "search_query": "", "suggestions": search_suggestions()}
    if not form.is_valid() or not form.cleaned_data["query"]:
        return render(request, "portal/search.html", context)

    query, kind = form.cleaned_data["query"], form.cleaned_data["kind"]
    words = search_words(query)
    groups = search_groups_counted(words=words, locale=Locale.get_active()) if words else []
    if kind not in {group.key for group in groups if group.count}:
        kind = ""  # unknown or empty: every kind
    total = sum(group.count for group in groups)
    sections, page_obj = [], None
    for group in groups:
        if kind and group.key != kind:
            continue
        if kind:
            paginator = Paginator(group.group.results, RESULTS_PER_PAGE)
            try:
                page_obj = paginator.page(request.GET.get("page") or 1)
            except InvalidPage:
                raise Http404(_("There is no such page of results.")) from None
            results = list(page_obj)
        elif group.count:
            results = list(group.group.results[:GROUP_PREVIEW])
        else:
            continue
        sections.append(
            {
                "group": group.group,
                "count": group.count,
                "results": results,
                "more_url": _address(query, group.key) if group.count > len(results) else "",
            }
        )
    context.update(
        search_query=query,
        has_words=bool(words),
        kind=kind,
        total=total,
        filters=[
            {"title": _("All"), "count": total, "url": _address(query, ""), "current": not kind},
            *(
                {
                    "title": group.group.title,
                    "count": group.count,
                    "url": _address(query, group.key),
                    "current": group.key == kind,
                }
                for group in groups
            ),
        ],
        sections=sections,
        page_obj=page_obj,
        query_prefix=urlencode({"query": query, "kind": kind}) + "&",
    )
    return render(request, "portal/search.html", context)


def _address(query, kind):
    parameters = {"query": query, **({"kind": kind} if kind else {})}
    return "?" + urlencode(parameters)
