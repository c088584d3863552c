"""Background work: queued in the database in production, run by db_worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus

from tests.portal.sample_tasks import send_note

pytestmark = pytest.mark.django_db


# The worker closes the database connection when it is done, as in production;
# only a transactional test survives that on a file database.
@pytest.mark.django_db(transaction=True)
def test_production_queue_holds_the_mail_until_the_worker_runs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_note.enqueue("mitra@example.org")
    assert mail.outbox == []
    assert result.status == TaskResultStatus.READY

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [["mitra@example.org"]]
