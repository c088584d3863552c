"""The pages endpoint: Wagtail's own, narrowed to what anyone may read."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.api.v2.views import PagesAPIViewSet

from portal.api.base import InvalidParameter, PublicAPIMixin
from portal.utils.search import search_words


class PagesEndpoint(PublicAPIMixin, PagesAPIViewSet):
    """Live pages without any view restriction (private, password or group
    pages are left out, whoever asks). A page type lists its fields in
    ``api_fields`` and may name ``api_select_related`` and
    ``api_prefetch_related`` so that listings keep a fixed number of queries."""

    def get_base_queryset(self):
        # Asked for several times per request (filters, serializer context);
        # each time reads the view restrictions: once is enough.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset().public()
        return self._base_queryset

    def get_queryset(self):
        # Every page shows its locale in its meta: fetched with the page.
        queryset = super().get_queryset().select_related("locale")
        model = queryset.model
        if getattr(model, "api_select_related", None):
            queryset = queryset.select_related(*model.api_select_related)
        if getattr(model, "api_prefetch_related", None):
            queryset = queryset.prefetch_related(*model.api_prefetch_related)
        return queryset

    def filter_queryset(self, queryset):
        # ?search= reaches the search backend as query syntax, where a stray
        # quote fails (SQLite FTS5): only its words are searched for, as on
        # the site's search page; text without words finds nothing.
        words = None
        if "search" in self.request.GET:
            words = search_words(self.request.GET["search"])
            query = self.request._request.GET.copy()
            query["search"] = words
            if not words:
                del query["search"]
            self.request._request.GET = query
        # Wagtail's field filters pass the value to the database field: a bad
        # date (?date=2024-13-45) must be a 400, not a server error.
        try:
            filtered = super().filter_queryset(queryset)
            return filtered.none() if words == "" else filtered
        except (ValidationError, ValueError, OverflowError) as error:
            field = next(
                (name for name in self.request.GET if name not in self.known_query_parameters),
                "",
            )
            raise InvalidParameter(
                field, _("This value cannot be used to filter %(field)s.") % {"field": field}
            ) from error
