from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import extensions, integrations, page_cache
from portal.models import FooterText, Menu, SiteSettings


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer text")
    add_to_settings_menu = True
    list_display = ["body", "locale"]


register_snippet(FooterTextViewSet)


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = _("Menus")
    add_to_settings_menu = True
    list_display = ["slot", "locale"]
    list_filter = ["slot", "locale"]


register_snippet(MenuViewSet)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))


register_setting(SiteSettings, icon="site")

extensions.register_integrations(integrations)

# The privacy package's admin screens (audit log, privacy notices).
from portal.privacy import wagtail_hooks as privacy_hooks  # noqa: E402, F401


@hooks.register("before_serve_page")
def page_cache_dependencies(page, request, serve_args, serve_kwargs):
    """Tell the page cache what this page shows (portal.page_cache.PAGE_TAGS)."""
    tags = page_cache.PAGE_TAGS.get(page._meta.label)
    if tags:
        page_cache.depends_on(request, *tags)
