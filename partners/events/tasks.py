"""Background e-mail for event registrations (django-tasks: immediate in
development and tests, queued in the database in production)."""

from django_tasks import task


@task()
def send_registration_notice(*, notice, registration_ids):
    from partners.events import registration_emails

    return registration_emails.send(notice=notice, registration_ids=list(registration_ids))


@task()
def send_proposal_notice(*, notice, proposal_id):
    from partners.events import proposal_emails

    return proposal_emails.send(notice=notice, proposal_id=proposal_id)
