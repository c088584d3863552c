import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail import hooks

from portal import extensions
from portal.models import AuditEvent, ConsentRecord
from tests.factories.privacy import AuditEventFactory, ConsentRecordFactory

pytestmark = pytest.mark.django_db


def _aged(obj, field, days):
    type(obj).objects.filter(pk=obj.pk).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )


def purge(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_and_new(settings):
    settings.PORTAL_RETENTION_DAYS = 730
    settings.PORTAL_AUDIT_RETENTION_DAYS = 1825
    old_consent = ConsentRecordFactory()
    _aged(old_consent, "given_at", 731)
    new_consent = ConsentRecordFactory()
    old_event = AuditEventFactory(target_repr="ancient")
    _aged(old_event, "created_at", 1826)
    mid_event = AuditEventFactory(target_repr="kept")
    _aged(mid_event, "created_at", 800)
    return old_consent, new_consent, old_event, mid_event


@pytest.fixture
def fake_feature():
    calls = []

    def purge_visits(cutoff, dry_run):
        calls.append((cutoff, dry_run))
        return {"visit_requests": 0 if len(calls) > 1 and not calls[0][1] else 3}

    with hooks.register_temporarily(extensions.retention_purge.name, purge_visits):
        yield calls


def test_dry_run_counts_and_changes_nothing(old_and_new, fake_feature):
    old_consent, _new, old_event, _mid = old_and_new

    output = purge("--dry-run")

    assert "would be purged" in output
    assert "portal.consent_network_details: 1" in output
    assert "portal.audit_events: 1" in output
    assert "tests.visit_requests: 3" in output
    assert fake_feature[0][1] is True
    assert ConsentRecord.objects.get(pk=old_consent.pk).ip == "192.0.2.20"
    assert AuditEvent.objects.filter(pk=old_event.pk).exists()
    assert not AuditEvent.objects.filter(action="retention.purge").exists()


def test_real_run_purges_old_data_only_and_is_idempotent(old_and_new, fake_feature):
    old_consent, new_consent, old_event, mid_event = old_and_new

    output = purge()

    assert "portal.consent_network_details: 1" in output
    old_consent.refresh_from_db()
    assert old_consent.ip is None
    assert old_consent.user_agent == ""
    assert old_consent.notice_id  # the proof of consent itself stays
    assert ConsentRecord.objects.get(pk=new_consent.pk).ip == "192.0.2.20"
    assert not AuditEvent.objects.filter(pk=old_event.pk).exists()
    assert AuditEvent.objects.filter(pk=mid_event.pk).exists()
    cutoff, dry_run = fake_feature[0]
    assert dry_run is False
    assert abs(cutoff - (timezone.now() - datetime.timedelta(days=730))) < datetime.timedelta(
        minutes=1
    )
    assert (
        AuditEvent.objects.get(action="retention.purge").details["counts"][
            "portal.consent_network_details"
        ]
        == 1
    )

    again = purge()
    assert "Total: 0" in again
    assert AuditEvent.objects.filter(action="retention.purge").count() == 1


def test_days_option_overrides_the_setting(old_and_new):
    output = purge("--days", "10000")
    assert "portal.consent_network_details: 0" in output


def test_days_must_be_positive():
    with pytest.raises(CommandError):
        purge("--days", "0")
