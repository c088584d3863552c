import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from partners.models import AgreementReminder
from tests.factories.partners import AgreementFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def agreement(institution_a):
    return AgreementFactory(
        title="Program literasi kesehatan",
        partners=[institution_a],
        signed_on=datetime.date(2023, 6, 1),
        end_date=TODAY + datetime.timedelta(days=90),
    )


def run(day, capture):
    with capture(execute=True):
        call_command("send_agreement_reminders", "--today", day.isoformat())


def test_reminders_go_to_staff_and_coordinators_90_30_and_7_days_before(
    agreement, staff_user, coordinator_a, member_a, django_capture_on_commit_callbacks
):
    MembershipFactory(institution=agreement.partners.get(), role="coordinator", state="pending")
    for days_left in (90, 89, 60, 30, 29, 7, 3, 0):
        run(
            agreement.end_date - datetime.timedelta(days=days_left),
            django_capture_on_commit_callbacks,
        )

    reminders = AgreementReminder.objects.filter(agreement=agreement).order_by("-days_before")
    assert [r.days_before for r in reminders] == [90, 30, 7]
    assert len(mail.outbox) == 6
    assert sorted({address for m in mail.outbox for address in m.to}) == sorted(
        [staff_user.email, coordinator_a.email]
    )
    assert "Program literasi kesehatan" in mail.outbox[0].subject


def test_archived_partners_coordinators_are_not_reminded(
    agreement, institution_a, staff_user, coordinator_a, django_capture_on_commit_callbacks
):
    institution_a.archived_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    institution_a.save()

    run(agreement.end_date - datetime.timedelta(days=90), django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_running_twice_the_same_day_sends_nothing_new(
    agreement, staff_user, django_capture_on_commit_callbacks
):
    run(TODAY, django_capture_on_commit_callbacks)
    run(TODAY, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert AgreementReminder.objects.count() == 1


def test_a_missed_run_sends_only_the_nearest_reminder(
    agreement, staff_user, django_capture_on_commit_callbacks
):
    run(agreement.end_date - datetime.timedelta(days=20), django_capture_on_commit_callbacks)

    assert list(AgreementReminder.objects.values_list("days_before", flat=True)) == [30]
    assert len(mail.outbox) == 1


def test_extended_agreement_is_reminded_again(
    agreement, staff_user, django_capture_on_commit_callbacks
):
    run(TODAY, django_capture_on_commit_callbacks)
    agreement.end_date += datetime.timedelta(days=365)
    agreement.save()

    run(agreement.end_date - datetime.timedelta(days=80), django_capture_on_commit_callbacks)

    assert AgreementReminder.objects.count() == 2


def test_terminated_draft_and_far_agreements_are_not_reminded(
    institution_a, staff_user, django_capture_on_commit_callbacks
):
    end = TODAY + datetime.timedelta(days=30)
    signed = datetime.date(2024, 1, 1)
    AgreementFactory(
        partners=[institution_a],
        signed_on=signed,
        end_date=end,
        terminated_on=TODAY,
        termination_reason="Dibatalkan",
    )
    AgreementFactory(partners=[institution_a], signed_on=None, start_date=TODAY, end_date=end)
    AgreementFactory(
        partners=[institution_a], signed_on=signed, end_date=TODAY + datetime.timedelta(days=200)
    )

    run(TODAY, django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_reminder_is_in_the_recipients_language(
    agreement, coordinator_a, django_capture_on_commit_callbacks
):
    coordinator_a.preferred_language = "en"
    coordinator_a.save()

    run(TODAY, django_capture_on_commit_callbacks)

    assert mail.outbox[0].subject.startswith("[Mitra Pustaka] Agreement ends on")


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--today"):
        call_command("send_agreement_reminders", "--today", "besok")
