from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from news import integrations
from news.admin_forms import NewsPersonForm
from news.models import NewsCategory, NewsPage, NewsPerson
from news.selectors import news_pages_with_view_count
from portal import extensions
from portal.audit import AuditedSpreadsheetViewMixin


class NewsPageIndexView(AuditedSpreadsheetViewMixin, PageListingViewSet.index_view_class):
    audit_export_action = "export.newspage"
    list_export = ["pk", "title", "date", "live", "view_count"]
    export_headings = {"view_count": _("Views")}

    def get_base_queryset(self):
        return news_pages_with_view_count(super().get_base_queryset())


class NewsPageListingViewSet(PageListingViewSet):
    model = NewsPage
    icon = "doc-full-inverse"
    menu_label = _("News articles")
    add_to_admin_menu = True
    menu_order = 150
    index_view_class = NewsPageIndexView
    columns = [
        *PageListingViewSet.columns,
        Column("date", label=_("Article date"), sort_key="date"),
        Column("view_count", label=_("Views"), sort_key="view_count"),
    ]


class NewsPersonViewSet(SnippetViewSet):
    model = NewsPerson
    icon = "user"
    menu_label = _("Writers and editors")
    list_display = ["name", "handle", "user"]
    search_fields = ["name"]
    # The account select lists staff accounts only (news/admin_forms.py).
    edit_handler = ObjectList(NewsPerson.panels, base_form_class=NewsPersonForm)


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name"]


class NewsSnippetGroup(SnippetViewSetGroup):
    items = (NewsPersonViewSet, NewsCategoryViewSet)
    menu_icon = "group"
    menu_label = _("Newsroom")
    menu_name = "newsroom"
    menu_order = 160


register_snippet(NewsSnippetGroup)


@hooks.register("register_admin_viewset")
def register_news_listing():
    return NewsPageListingViewSet("news_articles")


extensions.register_integrations(integrations)
