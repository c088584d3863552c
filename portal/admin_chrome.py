"""What every admin page starts with, kept until what it shows changes:
the sidebar (per user) and the page's configuration for Wagtail's scripts.

Every admin page starts with Wagtail's ``{% sidebar_props %}``: the main
menu asks each item whether this user may see it (permission checks, page
and collection permissions for Pages, Images and Documents), then packs the
menu, the search area and the account menu as JSON for the sidebar's
script. That is 16-20 ms of every admin page (measured with
scripts/bench/inprocess.py), and it comes out the same on every page a user
opens, since the sidebar marks the current item in the browser.

So the JSON is kept in the shared cache under a key made of everything it
depends on:

- the user (id, superuser or not, the name and avatar the account menu
  shows, the dismissed hints of their profile) and the active language;
- the permissions version (``portal.access``), bumped by any change of a
  group, a permission, someone's groups, and of a group's page or
  collection permissions (``portal.receivers``);
- the menu as the code registers it (names and order of every item and
  sub-item, read once a process), so a release that adds an item shows it.

Links only: every view checks permissions itself, so a kept menu never
opens anything to anyone.

The configuration (``{% wagtail_config %}``) lists the locales (a query on
every admin page) and about a hundred translated strings for the scripts;
only the CSRF token, the page's content locale and the user's keyboard
shortcuts differ from one request to the next. The rest is kept per
language under the ``pages`` tag (a locale saved bumps it,
``portal.receivers``), and those three are set on each request as Wagtail
sets them.

``install()`` (from ``PortalConfig.ready``) registers both in Wagtail's
``wagtailadmin_tags`` library under the names of the tags they stand in
for, as any library registers a tag: every admin template that loads it
gets these two, and the rest of the library as it is.
"""

import functools
import hashlib
import json

import wagtail
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from wagtail.admin.menu import admin_menu
from wagtail.admin.templatetags import wagtailadmin_tags
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url
from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props as wagtail_sidebar_props
from wagtail.admin.templatetags.wagtailadmin_tags import wagtail_config as wagtail_admin_config

from portal.access import PERMISSIONS_VERSION_KEY
from portal.page_cache import cached_fragment

SIDEBAR_SECONDS = 3600


def _item_names(menu):
    names = []
    for item in sorted(menu.registered_menu_items, key=lambda item: item.order):
        names.append(item.name)
        submenu = getattr(item, "menu", None)
        if submenu is not None:
            names.append(_item_names(submenu))
    return names


@functools.cache
def menu_fingerprint():
    """The registered menu's shape; read once a process (hooks are loaded by then)."""
    shape = json.dumps([wagtail.__version__, _item_names(admin_menu)])
    return hashlib.sha256(shape.encode()).hexdigest()[:16]


def _user_part(user):
    profile = getattr(user, "wagtail_userprofile", None)
    shown = [
        user.pk,
        user.is_superuser,
        user.is_staff,
        getattr(user, "first_name", None),
        user.get_username(),
        avatar_url(user, size=50),
        profile.dismissibles if profile is not None else None,
    ]
    return hashlib.sha256(json.dumps(shown, default=str, sort_keys=True).encode()).hexdigest()[:24]


def sidebar_key(user):
    return f"admin-sidebar:v1:{menu_fingerprint()}:{get_language()}:{user.pk}:{_user_part(user)}"


def kept_sidebar_props(context):
    """Wagtail's ``sidebar_props`` output for this user, from the cache when
    neither the user, the language, the permissions nor the menu changed."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return wagtail_sidebar_props(context)
    key = sidebar_key(user)
    found = cache.get_many([PERMISSIONS_VERSION_KEY, key])
    version = found.get(PERMISSIONS_VERSION_KEY, 0)
    kept = found.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    props = wagtail_sidebar_props(context)
    cache.set(key, (version, props), SIDEBAR_SECONDS)
    return props


# The parts of Wagtail's configuration that belong to one request.
PER_REQUEST = ("CSRF_TOKEN", "ACTIVE_CONTENT_LOCALE", "KEYBOARD_SHORTCUTS_ENABLED")


def kept_wagtail_config(context):
    """Wagtail's ``wagtail_config``, its shared part kept per language."""
    shared = cached_fragment(
        # Wagtail's version: an upgrade may change its scripts' strings.
        f"admin-config:v1:{wagtail.__version__}:{get_language()}",
        ("pages",),
        lambda: {
            name: value
            for name, value in wagtail_admin_config(context).items()
            if name not in PER_REQUEST
        },
    )
    config = dict(shared)
    request = context["request"]
    config["CSRF_TOKEN"] = get_token(request)
    if locale := context.get("locale"):
        config["ACTIVE_CONTENT_LOCALE"] = locale.language_code
    profile = getattr(getattr(request, "user", None), "wagtail_userprofile", None)
    config["KEYBOARD_SHORTCUTS_ENABLED"] = profile.keyboard_shortcuts if profile else True
    return config


def install():
    """Put the kept sidebar and configuration in place of Wagtail's tags."""
    library = wagtailadmin_tags.register
    library.simple_tag(takes_context=True, name="sidebar_props")(kept_sidebar_props)
    library.simple_tag(takes_context=True, name="wagtail_config")(kept_wagtail_config)
