import datetime
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories.files import pdf_upload
from tests.factories.visits import ScheduledVisitFactory, VisitRequestFactory, weekday_after, wib
from visits.choices import VisitState
from visits.models import VisitReport, VisitRequest
from visits.services import reports as report_services
from visits.services import submission, workflow

pytestmark = pytest.mark.django_db


def submit(institution, member, key=None, **overrides):
    day = weekday_after(21)
    data = {
        "contact_name": "Nur Aisyah",
        "contact_email": "nur@poltekes.example",
        "purpose": "Belajar layanan perpustakaan digital.",
        "group_size": 12,
        "leaders_count": 2,
        "librarians_count": 10,
        **overrides,
    }
    return submission.visit_request_submit(
        institution=institution,
        requester=member,
        idempotency_key=key or uuid.uuid4(),
        data=data,
        topics=[],
        slots=[(wib(day, 9), wib(day, 11))],
        request_letter=pdf_upload(),
    )


def states(visit):
    return [(t.from_state, t.to_state) for t in visit.transitions.all()]


def test_whole_workflow_records_every_step_and_mails_the_partner(
    institution_a, member_a, staff_user, venue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit, created = submit(institution_a, member_a)
    assert created
    # Staff hear of it; the requester and the contact person get a receipt.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        {staff_user.email, member_a.email, visit.contact_email}
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_start_review(visit=visit, actor=staff_user)
        workflow.visit_request_request_changes(
            visit=visit, actor=staff_user, note="Mohon lampirkan daftar peserta."
        )
    visit.refresh_from_db()
    assert visit.state == VisitState.CHANGES_REQUESTED

    day = weekday_after(28)
    with django_capture_on_commit_callbacks(execute=True):
        submission.visit_request_resubmit(
            visit=visit,
            actor=member_a,
            data={"group_size": 12, "leaders_count": 2, "librarians_count": 10},
            topics=[],
            slots=[(wib(day, 10), wib(day, 12))],
        )
        workflow.visit_request_schedule(
            visit=visit,
            actor=staff_user,
            venue=venue,
            start=wib(day, 10),
            end=wib(day, 12),
            host_staff=staff_user,
        )
    visit.refresh_from_db()
    assert visit.state == VisitState.SCHEDULED
    assert visit.sequence == 1
    assert visit.venue_place == 1
    assert [slot.start for slot in visit.preferred_slots.all()] == [wib(day, 10)]

    visit.scheduled_start = timezone.now() - datetime.timedelta(hours=3)
    visit.scheduled_end = timezone.now() - datetime.timedelta(hours=1)
    visit.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_complete(visit=visit, actor=staff_user)
        report = VisitReport(summary="Kunjungan berjalan baik.", attendance_count=9)
        report_services.visit_report_record(visit=visit, report=report, actor=staff_user)
    visit.refresh_from_db()
    assert states(visit) == [
        ("", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "changes_requested"),
        ("changes_requested", "submitted"),
        ("submitted", "scheduled"),
        ("scheduled", "completed"),
        ("completed", "reported"),
    ]
    assert visit.transitions.last().actor == staff_user
    assert visit.transitions.last().note == "Laporan kunjungan telah dicatat."
    # requester and contact person, for each of the six changes; staff for
    # the partner's resubmission only
    partner = [m for m in mail.outbox if m.to != [staff_user.email]]
    assert len(partner) == 6 * 2
    assert {tuple(m.to) for m in partner} == {(member_a.email,), ("nur@poltekes.example",)}
    # Staff: the alert of the partner's resubmission, and the host's invitation.
    alert, hosting = [m for m in mail.outbox if m.to == [staff_user.email]]
    assert visit.reference in alert.subject
    assert visit.reference in hosting.subject
    assert any(name.endswith(".ics") for name, _content, _type in hosting.attachments)


def test_same_idempotency_key_never_makes_a_second_request(institution_a, member_a):
    key = uuid.uuid4()
    first, created = submit(institution_a, member_a, key=key)
    again, created_again = submit(institution_a, member_a, key=key)
    assert created and not created_again
    assert again.pk == first.pk
    assert VisitRequest.objects.count() == 1


def test_member_of_another_institution_cannot_submit_for_it(institution_a, member_b):
    with pytest.raises(PermissionDenied):
        submit(institution_a, member_b)


def test_unverified_institution_cannot_request(institution_a, member_a):
    institution_a.is_verified = False
    institution_a.save()
    with pytest.raises(PermissionDenied):
        submit(institution_a, member_a)


def test_a_member_cannot_approve_or_decline(member_a, venue):
    visit = VisitRequestFactory(institution__name="X", requester=member_a)
    day = weekday_after(21)
    with pytest.raises(PermissionDenied):
        workflow.visit_request_schedule(
            visit=visit, actor=member_a, venue=venue, start=wib(day, 9), end=wib(day, 11)
        )
    with pytest.raises(PermissionDenied):
        workflow.visit_request_decline(visit=visit, actor=member_a, reason="x")
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_illegal_transition_is_refused_with_a_clear_message(staff_user):
    visit = VisitRequestFactory(state=VisitState.DECLINED, decline_reason="Penuh")
    with pytest.raises(workflow.TransitionError) as error:
        workflow.visit_request_start_review(visit=visit, actor=staff_user)
    assert (
        error.value.message
        == "Permohonan berstatus “Ditolak” tidak dapat diubah menjadi “Sedang ditinjau”."
    )
    assert visit.transitions.count() == 1


def test_decline_and_changes_need_a_reason(staff_user):
    visit = VisitRequestFactory()
    with pytest.raises(ValidationError):
        workflow.visit_request_decline(visit=visit, actor=staff_user, reason="  ")
    with pytest.raises(ValidationError):
        workflow.visit_request_request_changes(visit=visit, actor=staff_user, note="")
    workflow.visit_request_decline(visit=visit, actor=staff_user, reason="Sedang renovasi.")
    visit.refresh_from_db()
    assert visit.state == VisitState.DECLINED
    assert visit.decline_reason == "Sedang renovasi."


def test_partner_cancels_a_scheduled_visit_and_the_sequence_grows(institution_a, member_a):
    visit = ScheduledVisitFactory(institution=institution_a, requester=member_a)
    workflow.visit_request_cancel(visit=visit, actor=member_a, reason="Bentrok dengan ujian.")
    visit.refresh_from_db()
    assert visit.state == VisitState.CANCELLED
    assert visit.sequence == 2
    assert visit.cancel_reason == "Bentrok dengan ujian."


def test_member_of_b_cannot_cancel_a_visit_of_a(institution_a, member_a, member_b):
    visit = ScheduledVisitFactory(institution=institution_a, requester=member_a)
    with pytest.raises(PermissionDenied):
        workflow.visit_request_cancel(visit=visit, actor=member_b, reason="iseng")


def test_started_visit_cannot_be_cancelled(institution_a, member_a):
    start = timezone.now() - datetime.timedelta(minutes=5)
    visit = ScheduledVisitFactory(
        institution=institution_a,
        requester=member_a,
        scheduled_start=start,
        scheduled_end=start + datetime.timedelta(hours=2),
    )
    with pytest.raises(workflow.TransitionError):
        workflow.visit_request_cancel(visit=visit, actor=member_a, reason="telat")


def test_scheduling_into_a_full_slot_is_refused(staff_user, venue):
    day = weekday_after(21)
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 9), scheduled_end=wib(day, 11))
    visit = VisitRequestFactory()
    with pytest.raises(workflow.SlotUnavailable) as error:
        workflow.visit_request_schedule(
            visit=visit, actor=staff_user, venue=venue, start=wib(day, 10), end=wib(day, 12)
        )
    assert "penuh" in error.value.message
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_second_place_is_used_when_the_venue_takes_two_groups(staff_user, venue):
    venue.concurrent_visits = 2
    venue.save()
    day = weekday_after(21)
    ScheduledVisitFactory(venue=venue, scheduled_start=wib(day, 9), scheduled_end=wib(day, 11))
    visit = VisitRequestFactory()
    workflow.visit_request_schedule(
        visit=visit, actor=staff_user, venue=venue, start=wib(day, 10), end=wib(day, 12)
    )
    visit.refresh_from_db()
    assert visit.venue_place == 2


def test_messages_go_to_the_other_side(
    institution_a, member_a, staff_user, django_capture_on_commit_callbacks
):
    visit = VisitRequestFactory(institution=institution_a, requester=member_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_message_post(visit=visit, author=member_a, body="Boleh bawa 2 mahasiswa?")
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = workflow.visit_message_post(visit=visit, author=staff_user, body="Boleh.")
    assert reply.from_staff
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member_a.email, visit.contact_email])


def test_a_visit_cannot_become_reported_without_its_report(staff_user):
    visit = ScheduledVisitFactory(
        scheduled_start=timezone.now() - datetime.timedelta(hours=3),
        scheduled_end=timezone.now() - datetime.timedelta(hours=1),
    )
    workflow.visit_request_complete(visit=visit, actor=staff_user)
    assert "mark_reported" not in workflow.staff_actions(visit)
    with pytest.raises(ValidationError, match="Catat laporan kunjungan"):
        workflow.visit_request_mark_reported(visit=visit, actor=staff_user)
    visit.refresh_from_db()
    assert visit.state == VisitState.COMPLETED
