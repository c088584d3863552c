"""The daily digest goes to each staff member once a day, however often the
command runs: the day it was sent is recorded per person."""

import datetime
import io
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory
from tests.factories.visits import VisitRequestFactory
from visits import emails
from visits.models import AlertMode, VisitAlertPreference
from visits.services import alerts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def _staff(name, mode):
    user = UserFactory(full_name=name, groups=[Group.objects.get(name="Cooperation staff")])
    alerts.alert_preference_set(user=user, mode=mode)
    return user


def _digests(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def _run():
    out = io.StringIO()
    call_command("send_visit_digest", stdout=out)
    return out.getvalue()


def test_running_the_digest_twice_on_one_day_sends_it_once():
    sari = _staff("Sari Digest", AlertMode.DIGEST)
    budi = _staff("Budi Digest", AlertMode.DIGEST)
    _staff("Tono Segera", AlertMode.IMMEDIATE)
    visit = VisitRequestFactory()
    assert "Digests sent: 2" in _run()
    assert "No digest to send." in _run()
    assert len(_digests(sari)) == len(_digests(budi)) == 1
    assert len(mail.outbox) == 2
    assert visit.reference in _digests(sari)[0].body
    today = timezone.localdate()
    assert set(
        VisitAlertPreference.objects.filter(mode=AlertMode.DIGEST).values_list(
            "digest_sent_on", flat=True
        )
    ) == {today}


def test_the_next_day_brings_the_next_digest(time_machine):
    sari = _staff("Sari Digest", AlertMode.DIGEST)
    VisitRequestFactory()
    _run()
    time_machine.shift(datetime.timedelta(days=1))
    _run()
    _run()
    assert len(_digests(sari)) == 2


def test_someone_who_chose_the_digest_today_gets_it_even_after_a_run():
    sari = _staff("Sari Digest", AlertMode.DIGEST)
    _run()
    late = _staff("Lina Terlambat", AlertMode.DIGEST)
    _run()
    assert len(_digests(sari)) == 1 and len(_digests(late)) == 1


def test_a_digest_that_failed_to_send_is_sent_by_the_next_run():
    sari = _staff("Sari Digest", AlertMode.DIGEST)
    VisitRequestFactory()
    with (
        mock.patch.object(emails, "_send", side_effect=ConnectionError("SMTP down")),
        pytest.raises(ConnectionError),
    ):
        _run()
    assert VisitAlertPreference.objects.get(user=sari).digest_sent_on is None
    _run()
    assert len(_digests(sari)) == 1
