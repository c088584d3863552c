"""The hooks through which features take part in privacy requests.

Register with Wagtail's hook registry from your app's ``wagtail_hooks.py``
(it is imported at start-up)::

    from wagtail import hooks

    @hooks.register("portal_personal_data")
    def visits_personal_data(user):
        return {"visit_requests": [...]}          # section name -> JSON-able data

    @hooks.register("portal_erase_personal_data")
    def visits_erase(user):
        VisitRequest.objects.filter(requester=user).update(requester=None, contact_name="", ...)

    @hooks.register("portal_retention_purge")
    def visits_retention(cutoff, dry_run):
        old = VisitRequest.objects.filter(ended_at__lt=cutoff, anonymised_at__isnull=True)
        count = old.count()
        if not dry_run:
            ...anonymise...
        return {"visit_requests": count}

``portal_personal_data`` — ``function(user) -> dict``
    Everything the feature holds about ``user`` (never about anyone else:
    a colleague's name on a shared record is the colleague's data). Each key
    becomes a top-level section of the JSON download; use your app's name as
    a prefix when a key could clash. Values must be JSON-serialisable with
    Django's encoder (dates, decimals and UUIDs are fine).

``portal_erase_personal_data`` — ``function(user) -> None``
    Called when the account is deleted, inside the same transaction and
    *before* the user row is deleted, so foreign keys still resolve. Delete
    or anonymise the user's personal data; keep what the institution needs
    as anonymous history (a visit stays, its contact details go). Raise to
    stop the deletion: the whole transaction is rolled back.

``portal_retention_purge`` — ``function(cutoff: datetime, dry_run: bool) -> dict[str, int]``
    Called by ``manage.py purge_personal_data``. Delete or anonymise personal
    data whose retention ended before ``cutoff`` (an aware datetime), keeping
    aggregate statistics, and return how many records were (or, with
    ``dry_run``, would be) changed, per kind. It must be idempotent: a second
    run returns zeros. With ``dry_run`` change nothing.
"""

from wagtail import hooks

PERSONAL_DATA = "portal_personal_data"
ERASE_PERSONAL_DATA = "portal_erase_personal_data"
RETENTION_PURGE = "portal_retention_purge"


def personal_data_sections(user):
    """Merge the sections every registered feature contributes for ``user``."""
    sections = {}
    for hook in hooks.get_hooks(PERSONAL_DATA):
        sections.update(hook(user) or {})
    return sections


def erase_personal_data(user):
    for hook in hooks.get_hooks(ERASE_PERSONAL_DATA):
        hook(user)


def retention_purge(cutoff, dry_run):
    """Run every feature's purge; returns {"<feature>.<kind>": count}."""
    counts = {}
    for hook in hooks.get_hooks(RETENTION_PURGE):
        prefix = hook.__module__.split(".")[0]
        for kind, count in (hook(cutoff, dry_run) or {}).items():
            counts[f"{prefix}.{kind}"] = counts.get(f"{prefix}.{kind}", 0) + count
    return counts
