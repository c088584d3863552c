import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.calendars import build_calendar
from portal.extensions import (
    agreement_activities,
    dashboard_sections,
    partner_page_sections,
    private_calendar_items,
)
from tests.factories.partners import AgreementFactory
from tests.factories.visits import ScheduledVisitFactory, VisitRequestFactory, wib
from visits.choices import VisitState
from visits.models import VisitReminder

pytestmark = pytest.mark.django_db


def run_reminders():
    out = StringIO()
    call_command("send_visit_reminders", stdout=out)
    return out.getvalue()


def test_reminder_goes_out_once_three_days_before(
    institution_a, member_a, django_capture_on_commit_callbacks
):
    soon = timezone.now() + datetime.timedelta(days=2)
    later = timezone.now() + datetime.timedelta(days=10)
    visit = ScheduledVisitFactory(
        institution=institution_a,
        requester=member_a,
        contact_email=member_a.email,
        scheduled_start=soon,
        scheduled_end=soon + datetime.timedelta(hours=2),
    )
    ScheduledVisitFactory(scheduled_start=later, scheduled_end=later + datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert "1" in run_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders().strip() == "No reminders due."
    [message] = mail.outbox
    assert message.to == [member_a.email]
    assert message.subject.startswith(f"Pengingat: studi banding {visit.reference}")
    assert VisitReminder.objects.count() == 1


def test_archived_institutions_visits_are_not_reminded(
    institution_a, member_a, django_capture_on_commit_callbacks
):
    soon = timezone.now() + datetime.timedelta(days=2)
    ScheduledVisitFactory(
        institution=institution_a,
        requester=member_a,
        contact_email=member_a.email,
        scheduled_start=soon,
        scheduled_end=soon + datetime.timedelta(hours=2),
    )
    institution_a.archived_at = timezone.now()
    institution_a.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders().strip() == "No reminders due."

    assert mail.outbox == []
    assert VisitReminder.objects.count() == 0


def test_rescheduled_visit_is_reminded_again(django_capture_on_commit_callbacks):
    start = timezone.now() + datetime.timedelta(days=1)
    visit = ScheduledVisitFactory(
        scheduled_start=start, scheduled_end=start + datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders()
    visit.scheduled_start = start + datetime.timedelta(days=1)
    visit.scheduled_end = visit.scheduled_start + datetime.timedelta(hours=1)
    visit.save()
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders()
    assert VisitReminder.objects.filter(request=visit).count() == 2


def test_dashboard_section_lists_only_that_institution(institution_a, institution_b, member_a):
    own = VisitRequestFactory(institution=institution_a)
    VisitRequestFactory(institution=institution_b)
    [section] = [
        section
        for section in dashboard_sections(institution=institution_a, user=member_a)
        if section.template == "visits/sections/dashboard_visits.html"
    ]
    assert section.title == "Studi banding"
    assert section.context["visits"] == [own]


def test_partner_page_counts_completed_visits(institution_a):
    ScheduledVisitFactory(institution=institution_a, state=VisitState.COMPLETED)
    ScheduledVisitFactory(institution=institution_a, state=VisitState.REPORTED)
    ScheduledVisitFactory(institution=institution_a)
    VisitRequestFactory(institution=institution_a)
    [fact] = [
        section
        for section in partner_page_sections(institution=institution_a, request=None)
        if section.area == "facts"
    ]
    assert (fact.title, fact.context["count"]) == ("Kunjungan studi yang telah selesai", 2)


def test_private_calendar_holds_own_scheduled_and_cancelled_visits(
    institution_a, institution_b, member_a
):
    visit = ScheduledVisitFactory(institution=institution_a)
    cancelled = ScheduledVisitFactory(
        institution=institution_a, state=VisitState.CANCELLED, cancel_reason="x"
    )
    ScheduledVisitFactory(institution=institution_b)
    VisitRequestFactory(institution=institution_a)
    items = [
        item
        for item in private_calendar_items(user=member_a, institutions=[institution_a])
        if item.uid.startswith("visit-")
    ]
    assert {(item.uid, item.status) for item in items} == {
        (visit.ical_uid, "CONFIRMED"),
        (cancelled.ical_uid, "CANCELLED"),
    }
    content = build_calendar(items, name="Kalender")
    assert b"TZID=Asia/Jakarta" in content


def test_agreement_activities_list_held_visits(institution_a):
    agreement = AgreementFactory(partners=[institution_a])
    held = ScheduledVisitFactory(
        institution=institution_a,
        agreement=agreement,
        state=VisitState.REPORTED,
        scheduled_start=wib(datetime.date(2024, 3, 26), 9),
        scheduled_end=wib(datetime.date(2024, 3, 26), 12),
        group_size=12,
        leaders_count=2,
        librarians_count=10,
    )
    ScheduledVisitFactory(institution=institution_a, agreement=agreement)  # not held yet
    activities = [
        a for a in agreement_activities(agreement_ids={agreement.pk}) if a.kind == "Studi banding"
    ]
    assert [(a.date, a.participants) for a in activities] == [(datetime.date(2024, 3, 26), 12)]
    assert held.institution.name in activities[0].title


def test_institusi_saya_page_lists_the_visits(client, institution_a, member_a):
    from django.urls import reverse

    own = VisitRequestFactory(institution=institution_a)
    client.force_login(member_a)
    response = client.get(reverse("partners:dashboard-institution", args=[institution_a.slug]))
    content = response.content.decode()
    assert response.status_code == 200
    assert own.reference in content
    assert reverse("visits:request-create") in content
