"""Keep the cached public feeds in step with events and institutions."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from partners.events.feeds import bump_feed_version


def connect():
    from partners.events.models import Event
    from partners.models import Institution

    for model in (Event, Institution):
        post_save.connect(
            bump_feed_version, sender=model, dispatch_uid=f"events-feed-{model.__name__}-save"
        )
        post_delete.connect(
            bump_feed_version, sender=model, dispatch_uid=f"events-feed-{model.__name__}-delete"
        )
    m2m_changed.connect(
        bump_feed_version, sender=Event.partners.through, dispatch_uid="events-feed-partners"
    )
