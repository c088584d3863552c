"""Staff alerts: cooperation staff hear when a partner submits, resubmits
(after editing), cancels or writes, as each chose (each event, a daily
digest, or nothing); the requester gets a receipt when submitting."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.factories.visits import (
    ClosedDateFactory,
    ScheduledVisitFactory,
    VisitRequestFactory,
)
from visits import emails
from visits.choices import VisitState
from visits.models import AlertMode, VisitAlertPreference
from visits.services import alerts, submission, workflow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


@pytest.fixture
def digest_reader(db):
    user = UserFactory(
        full_name="Sari Digest", groups=[Group.objects.get(name="Cooperation staff")]
    )
    alerts.alert_preference_set(user=user, mode=AlertMode.DIGEST)
    return user


@pytest.fixture
def silent(db):
    user = UserFactory(full_name="Tono Diam", groups=[Group.objects.get(name="Cooperation staff")])
    alerts.alert_preference_set(user=user, mode=AlertMode.OFF)
    return user


def _to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_a_new_request_alerts_immediate_staff_only_and_the_requester_gets_a_receipt(
    signed_in_a,
    member_a,
    staff_user,
    digest_reader,
    silent,
    venue,
    django_capture_on_commit_callbacks,
):
    from tests.factories.files import pdf_upload
    from tests.factories.visits import weekday_after, wib

    day = weekday_after(21)
    with django_capture_on_commit_callbacks(execute=True):
        visit, _created = submission.visit_request_submit(
            institution=member_a.memberships.get().institution,
            requester=member_a,
            idempotency_key="9a6f1f7e-0000-4000-8000-000000000001",
            data={
                "venue": venue,
                "contact_name": "Nur Aisyah",
                "contact_email": member_a.email,
                "purpose": "Belajar.",
                "group_size": 5,
                "librarians_count": 5,
            },
            topics=[],
            slots=[(wib(day, 9), wib(day, 11))],
            request_letter=pdf_upload(),
        )
    assert len(_to(staff_user)) == 1
    assert _to(digest_reader) == [] and _to(silent) == []
    [receipt] = _to(member_a)
    assert visit.reference in receipt.body
    assert "telah kami terima" in receipt.body


def test_a_partner_cancellation_alerts_staff_with_a_link(
    institution_a, member_a, staff_user, digest_reader, django_capture_on_commit_callbacks
):
    visit = ScheduledVisitFactory(institution=institution_a, requester=member_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_cancel(visit=visit, actor=member_a, reason="Ujian akhir.")
    [alert] = _to(staff_user)
    assert visit.reference in alert.subject
    assert "Ujian akhir." in alert.body
    assert reverse("visit_requests:inspect", args=[visit.pk]) in alert.body
    assert _to(digest_reader) == []


def test_staff_cancelling_alerts_no_staff(
    institution_a, member_a, staff_user, django_capture_on_commit_callbacks
):
    visit = ScheduledVisitFactory(institution=institution_a, requester=member_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_cancel(visit=visit, actor=staff_user, reason="Ruang direnovasi.")
    assert _to(staff_user) == []


def test_a_resubmission_after_editing_alerts_staff(
    institution_a, member_a, staff_user, django_capture_on_commit_callbacks
):
    visit = VisitRequestFactory(
        institution=institution_a, requester=member_a, state=VisitState.CHANGES_REQUESTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        submission.visit_request_resubmit(
            visit=visit,
            actor=member_a,
            data={"purpose": "Belajar repositori."},
            topics=[],
            slots=[],
            note="Surat sudah diganti.",
        )
    [alert] = _to(staff_user)
    assert visit.reference in alert.subject
    assert "Surat sudah diganti." in alert.body


def test_a_partner_message_respects_the_hosts_choice(
    institution_a, member_a, staff_user, django_capture_on_commit_callbacks
):
    visit = ScheduledVisitFactory(
        institution=institution_a, requester=member_a, host_staff=staff_user
    )
    alerts.alert_preference_set(user=staff_user, mode=AlertMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_message_post(visit=visit, author=member_a, body="Kami datang 12 orang.")
    assert _to(staff_user) == []
    alerts.alert_preference_set(user=staff_user, mode=AlertMode.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_message_post(visit=visit, author=member_a, body="Kami datang 13 orang.")
    assert len(_to(staff_user)) == 1


def test_the_digest_puts_requests_waiting_too_long_first(digest_reader, staff_user, institution_a):
    now = timezone.now()  # Tuesday 1 December 2026
    fresh = VisitRequestFactory(created_at=now - datetime.timedelta(days=1))
    old = VisitRequestFactory(created_at=now - datetime.timedelta(days=8))
    # Submitted on Thursday: Friday, Monday and Tuesday are three working
    # days, with Friday a public holiday only two: not overdue.
    holiday_case = VisitRequestFactory(created_at=now - datetime.timedelta(days=5))
    ClosedDateFactory(date=(now - datetime.timedelta(days=4)).date(), reason="Libur nasional")
    VisitRequestFactory(state=VisitState.DECLINED, created_at=now - datetime.timedelta(days=30))

    rows, limit = emails.digest_rows()
    assert limit == 3
    assert [(visit, overdue) for visit, _waited, overdue in rows] == [
        (old, True),
        (holiday_case, False),
        (fresh, False),
    ]
    call_command("send_visit_digest", stdout=__import__("io").StringIO())
    [digest] = _to(digest_reader)
    assert _to(staff_user) == []  # immediate staff get no digest
    assert "3 permohonan terbuka" in digest.subject
    body = digest.body
    assert body.index(old.reference) < body.index(holiday_case.reference)
    assert body.index(holiday_case.reference) < body.index(fresh.reference)
    assert "Menunggu lebih dari 3 hari kerja" in body
    assert reverse("visit_requests:inspect", args=[old.pk]) in body


def test_staff_choose_their_alerts_in_the_account_settings(staff_client, staff_user):
    page = staff_client.get(reverse("wagtailadmin_account")).text
    assert "Pemberitahuan kunjungan studi" in page
    assert 'value="immediate" checked' in page.replace("\n", " ") or "checked" in page
    response = staff_client.post(
        reverse("wagtailadmin_account"),
        {
            **_account_defaults(staff_client),
            "visit_alerts-mode": "digest",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert VisitAlertPreference.objects.get(user=staff_user).mode == AlertMode.DIGEST


def _account_defaults(client):
    """The other panels' current values, as the browser would post them."""
    import re

    page = client.get(reverse("wagtailadmin_account")).text
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("radio", "checkbox", "password")):
            continue
        if not name.group(1).startswith("visit_alerts") and name.group(1) != "csrfmiddlewaretoken":
            data.setdefault(name.group(1), value.group(1) if value else "")
    for name, block in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', block)
        data[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input type="radio" name="([^"]+)"', page):
        if not name.startswith("visit_alerts"):
            match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"[^>]*checked', page)
            if match:
                data[name] = match.group(1)
    data.pop("password-old_password", None)
    return data


def test_a_partner_cannot_choose_staff_alerts(member_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        alerts.alert_preference_set(user=member_a, mode=AlertMode.DIGEST)


def test_nonsense_mode_is_refused(staff_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        alerts.alert_preference_set(user=staff_user, mode="every-minute")
