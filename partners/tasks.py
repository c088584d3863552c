"""Background e-mail for partner notices (django-tasks: immediate in
development and tests, queued in the database in production)."""

from django_tasks import task

from partners import emails


@task()
def send_partner_notice(*, notice, user_ids=(), emails_to=(), object_ids=None):
    """Render ``notice`` for every recipient in their language and send it.

    Takes primary keys only (the queue holds JSON); ``object_ids`` maps
    ``institution``, ``membership``, ``invitation`` and ``agreement`` to ids.
    """
    return emails.send_notice(
        notice=notice,
        user_ids=list(user_ids),
        emails_to=list(emails_to),
        object_ids=dict(object_ids or {}),
    )
