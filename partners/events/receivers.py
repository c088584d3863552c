"""Keep the cached public feeds, the cached event pages (seats left) and the
search index in step with events, registrations and institutions."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from partners.events.feeds import bump_feed_version


def reindex_event_partners(*, instance, action, reverse, pk_set, **kwargs):
    """Index an event again once its partner organisers changed: Wagtail
    indexes it on save, before the form or the demo adds them."""
    from wagtail.search import index

    from partners.events.models import Event

    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    events = Event.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    for event in events:
        index.insert_or_update_object(event)


def reindex_events_of_institution(*, instance, raw=False, **kwargs):
    """An institution's name is indexed with its events: index them again."""
    from wagtail.search import index

    if raw:
        return
    for event in instance.events.all():
        index.insert_or_update_object(event)


def reindex_events_of_programme(*, instance, **kwargs):
    """A programme's title is indexed with its events: index them again
    when the programme is published."""
    from wagtail.search import index

    from partners.events.models import Event

    for event in Event.objects.filter(programme=instance):
        index.insert_or_update_object(event)


def seats_changed(*, update_fields=None, **kwargs):
    """A registration taken, confirmed, promoted or cancelled changes the
    seats left that the event's page shows (a check-in or a reminder does
    not): its cached copy is flushed (portal.page_cache, tag "seats")."""
    from portal import page_cache

    if update_fields is None or "status" in update_fields:
        page_cache.bump("seats")


def connect():
    from wagtail.signals import page_published

    from partners.events.models import Event, Registration
    from partners.models import Institution
    from portal.models import ProgrammePage

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
    post_save.connect(seats_changed, sender=Registration, dispatch_uid="events-seats-save")
    post_delete.connect(seats_changed, sender=Registration, dispatch_uid="events-seats-delete")
    m2m_changed.connect(
        reindex_event_partners,
        sender=Event.partners.through,
        dispatch_uid="events-search-partners",
    )
    post_save.connect(
        reindex_events_of_institution, sender=Institution, dispatch_uid="events-search-institution"
    )
    page_published.connect(
        reindex_events_of_programme, sender=ProgrammePage, dispatch_uid="events-search-programme"
    )
