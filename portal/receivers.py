"""Reactions to framework signals; the core flow never depends on these."""

from allauth.mfa.signals import authenticator_added
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.access import record_totp_activation
from portal.page_cache import bump_generation

# A save or delete in these apps may change what a public page shows.
CONTENT_APPS = {
    "portal",
    "news",
    "partners",
    "events",
    "visits",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
}
# ...except these, which change without changing any public page.
NOT_CONTENT = {
    "portal.User",
    "portal.AuditEvent",
    "portal.ConsentRecord",
    # A sign-up or check-in shows on no public page (the event page shows
    # only whether registration is open): it must not empty the cache.
    "events.Registration",
    "wagtailimages.Rendition",
}


def content_changed(sender, **kwargs):
    label = sender._meta.label
    if label in NOT_CONTENT:
        return
    if sender._meta.app_label in CONTENT_APPS or (
        label == "wagtailcore.Page" and kwargs.get("signal") is post_delete
    ):
        bump_generation()


post_save.connect(content_changed, dispatch_uid="portal-page-cache-save")
post_delete.connect(content_changed, dispatch_uid="portal-page-cache-delete")
page_published.connect(bump_generation, dispatch_uid="portal-page-cache-publish")
page_unpublished.connect(bump_generation, dispatch_uid="portal-page-cache-unpublish")
post_page_move.connect(bump_generation, dispatch_uid="portal-page-cache-move")

# A staff member who sets up TOTP mid-session need not type a second code
# before reaching staff pages (portal.middleware.StaffMFAMiddleware).
authenticator_added.connect(record_totp_activation, dispatch_uid="portal-totp-activated")
