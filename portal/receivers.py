"""Reactions to framework signals; the core flow never depends on these."""

from allauth.mfa.signals import authenticator_added
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.access import forget_permissions, record_totp_activation
from portal.page_cache import TAGS, bump
from portal.routing import ROUTE_TAGS

# A save or delete in these apps may change what a public page shows; it
# flushes the cached pages that show that app's records (portal.page_cache).
APP_TAGS = {
    "portal": ("pages",),
    "news": ("news",),
    "partners": ("partners",),
    "events": ("events",),
    "visits": ("visits",),
    "wagtailimages": ("media",),
    "wagtaildocs": ("media",),
    "taggit": ("news",),
}
MODEL_TAGS = {
    "portal.Menu": ("menus",),
    "portal.MenuItem": ("menus",),
    "portal.SiteSettings": ("settings",),
    "portal.FooterText": ("settings",),
    # Accounts: no public page shows them; staff screens' lists of colleagues do.
    "portal.User": ("users",),
    # Which site and language a URL leads to (portal.routing keeps routes).
    "wagtailcore.Site": ROUTE_TAGS,
    "wagtailcore.Locale": ROUTE_TAGS,
    # A restriction may hide any page or article from the public.
    "wagtailcore.PageViewRestriction": TAGS,
}
# ...except these, which change without changing any public page.
NOT_CONTENT = {
    "portal.AuditEvent",
    "portal.ConsentRecord",
    # A sign-up or check-in empties no cached page by itself: the event's
    # page shows the seats left, flushed through the "seats" tag by
    # partners.events.receivers when a seat is taken or given back.
    "events.Registration",
    "wagtailimages.Rendition",
}


def tags_for_model(model):
    label = model._meta.label
    if label in NOT_CONTENT:
        return ()
    if label in MODEL_TAGS:
        return MODEL_TAGS[label]
    return APP_TAGS.get(model._meta.app_label, ())


def tags_for_page(page):
    """A news page shows in the news lists only; any other page may be in a menu."""
    specific_class = page.specific_class or type(page)
    tags = APP_TAGS.get(specific_class._meta.app_label, ("pages",))
    if specific_class._meta.label == "news.NewsIndexPage":
        tags = (*tags, "pages")
    return tags


def content_changed(sender, **kwargs):
    if sender._meta.label == "wagtailcore.Page" and kwargs.get("signal") is post_delete:
        bump("pages", "news")
        return
    if sender._meta.label == "portal.SiteSettings" and kwargs.get("created"):
        return  # made with its defaults on a site's first render: nothing shown changes
    tags = tags_for_model(sender)
    if tags:
        bump(*tags)


def page_changed(sender, instance, **kwargs):
    bump(*tags_for_page(instance))


post_save.connect(content_changed, dispatch_uid="portal-page-cache-save")
post_delete.connect(content_changed, dispatch_uid="portal-page-cache-delete")
page_published.connect(page_changed, dispatch_uid="portal-page-cache-publish")
page_unpublished.connect(page_changed, dispatch_uid="portal-page-cache-unpublish")
post_page_move.connect(page_changed, dispatch_uid="portal-page-cache-move")

# A staff member who sets up TOTP mid-session need not type a second code
# before reaching staff pages (portal.middleware.StaffMFAMiddleware).
authenticator_added.connect(record_totp_activation, dispatch_uid="portal-totp-activated")

# Permission sets and the admin's sidebar are kept in the shared cache
# (portal.access, portal.admin_chrome): any change of who is in which group,
# or of what a group or a user may do (pages and collections included),
# forgets them.
for _through in (
    get_user_model().groups.through,
    get_user_model().user_permissions.through,
    Group.permissions.through,
):
    m2m_changed.connect(
        forget_permissions, sender=_through, dispatch_uid=f"portal-perms-{_through}"
    )
for _model in (Group, Permission, GroupPagePermission, GroupCollectionPermission):
    post_save.connect(forget_permissions, sender=_model, dispatch_uid=f"portal-perms-save-{_model}")
    post_delete.connect(
        forget_permissions, sender=_model, dispatch_uid=f"portal-perms-delete-{_model}"
    )
