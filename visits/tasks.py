"""Background e-mail for visit requests (django-tasks: a worker in production).

Tasks take primary keys and load fresh rows, so a queued mail always shows
the request as it is when the worker runs.
"""

from django_tasks import task

from visits import emails


@task()
def send_new_request_to_staff(visit_id):
    return emails.new_request_to_staff(visit_id)


@task()
def send_state_change(visit_id, transition_id):
    return emails.state_change_to_partner(visit_id, transition_id)


@task()
def send_message_notice(message_id):
    return emails.message_notice(message_id)


@task()
def send_reminder(visit_id):
    return emails.reminder_to_partner(visit_id)


@task()
def send_rescheduled(visit_id, transition_id):
    return emails.rescheduled(visit_id, transition_id)


@task()
def send_change_asked_to_staff(visit_id):
    return emails.change_asked_to_staff(visit_id)


@task()
def send_partner_event_to_staff(visit_id, transition_id):
    return emails.partner_event_to_staff(visit_id, transition_id)


@task()
def send_recorded_for_partner(visit_id):
    return emails.recorded_for_partner(visit_id)


@task()
def send_scheduled_to_host(visit_id):
    return emails.scheduled_to_host(visit_id)
