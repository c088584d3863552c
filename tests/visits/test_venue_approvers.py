"""Approvers per venue: a venue naming staff (or groups) has its requests
decided by them alone, in their queue and their alerts; other staff may
read the request but not act on it (refused on POST with a clear message);
superusers always may. A venue naming nobody keeps the old rule."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.visits import (
    ScheduledVisitFactory,
    VenueFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from visits import emails
from visits.choices import VisitState
from visits.models import AlertMode, VisitAlertPreference
from visits.selectors import approvers
from visits.services import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_group():
    return Group.objects.get(name="Cooperation staff")


@pytest.fixture
def branch_approver(staff_group):
    return UserFactory(
        full_name="Andi Rahman", email="andi@openlibrary.example", groups=[staff_group]
    )


@pytest.fixture
def branch(branch_approver):
    venue = VenueFactory(name="Ruang Baca Makassar", time_zone="Asia/Makassar")
    venue.approvers.add(branch_approver)
    return venue


@pytest.fixture
def request_at_branch(branch, institution_a):
    return VisitRequestFactory(institution=institution_a, venue=branch)


def test_who_decides(branch, branch_approver, staff_user, venue, staff_group):
    superuser = UserFactory(is_superuser=True)
    assert approvers.may_decide(branch_approver, branch)
    assert not approvers.may_decide(staff_user, branch)
    assert approvers.may_decide(superuser, branch)
    # A venue naming nobody: every cooperation staff member.
    assert approvers.may_decide(staff_user, venue)
    # Approval through a group.
    regional = Group.objects.create(name="Tim Makassar")
    staff_user.groups.add(regional)
    branch.approver_groups.add(regional)
    assert approvers.may_decide(staff_user, branch)


def test_other_staff_cannot_decide_and_are_told_who_can(
    request_at_branch, staff_user, branch_approver
):
    day = weekday_after(21)
    for call in (
        lambda: workflow.visit_request_decline(
            visit=request_at_branch, actor=staff_user, reason="Penuh."
        ),
        lambda: workflow.visit_request_start_review(visit=request_at_branch, actor=staff_user),
        lambda: workflow.visit_request_schedule(
            visit=request_at_branch,
            actor=staff_user,
            venue=request_at_branch.venue,
            start=wib(day, 9),
            end=wib(day, 11),
        ),
    ):
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert "Andi Rahman" in str(refused.value)
        assert "Ruang Baca Makassar" in str(refused.value)
    request_at_branch.refresh_from_db()
    assert request_at_branch.state == VisitState.SUBMITTED
    workflow.visit_request_start_review(visit=request_at_branch, actor=branch_approver)


def test_nobody_moves_a_visit_into_a_venue_they_do_not_approve(branch, venue, staff_user):
    visit = ScheduledVisitFactory(venue=venue)
    day = weekday_after(28)
    with pytest.raises(PermissionDenied):
        workflow.visit_request_reschedule(
            visit=visit,
            actor=staff_user,
            venue=branch,
            start=wib(day, 10),
            end=wib(day, 12),
            reason="Pindah ke cabang.",
        )


def test_the_request_page_shows_no_actions_to_other_staff(
    client, request_at_branch, staff_user, branch_approver
):
    client.force_login(staff_user)
    url = reverse("visit_requests:inspect", args=[request_at_branch.pk])
    page = client.get(url).text
    assert "Hanya pemberi persetujuan Ruang Baca Makassar" in page
    assert "Andi Rahman" in page
    assert reverse("visit_requests:action", args=[request_at_branch.pk, "decline"]) not in page
    # The reply and the internal note stay open to them.
    assert reverse("visit_requests:reply", args=[request_at_branch.pk]) in page

    client.force_login(branch_approver)
    page = client.get(url).text
    assert reverse("visit_requests:action", args=[request_at_branch.pk, "decline"]) in page
    assert "Hanya pemberi persetujuan" not in page


def test_a_post_by_other_staff_is_refused_with_a_message(client, request_at_branch, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("visit_requests:action", args=[request_at_branch.pk, "decline"]),
        {
            "decline-note": "Ruang dipakai ujian.",
            "decline-seen": workflow.version(request_at_branch),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Hanya pemberi persetujuan Ruang Baca Makassar" in response.text
    assert "Ruang dipakai ujian." in response.text  # the note is given back, not lost
    request_at_branch.refresh_from_db()
    assert request_at_branch.state == VisitState.SUBMITTED


def test_a_superuser_may_always_decide(client, request_at_branch):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    client.post(
        reverse("visit_requests:action", args=[request_at_branch.pk, "decline"]),
        {
            "decline-note": "Ruang dipakai ujian.",
            "decline-seen": workflow.version(request_at_branch),
        },
    )
    request_at_branch.refresh_from_db()
    assert request_at_branch.state == VisitState.DECLINED


def test_the_queue_filters_the_requests_i_can_decide(
    client, request_at_branch, staff_user, branch_approver, venue, django_assert_max_num_queries
):
    mine = VisitRequestFactory(venue=venue)
    url = reverse("visit_requests:index") + "?decide=mine"
    client.force_login(staff_user)
    page = client.get(url).text
    assert mine.reference in page
    assert request_at_branch.reference not in page
    client.force_login(branch_approver)
    page = client.get(url).text
    assert mine.reference in page and request_at_branch.reference in page
    # The filter adds no query per row.
    VisitRequestFactory.create_batch(5, venue=venue)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    limit = len(few.captured_queries)
    VisitRequestFactory.create_batch(10, venue=venue)
    client.get(url)  # the filters' kept lists are read again after the new rows
    with django_assert_max_num_queries(limit):
        client.get(url)


def test_alerts_of_a_venue_with_approvers_go_to_them_only(
    request_at_branch, staff_user, branch_approver, venue
):
    emails.new_request_to_staff(request_at_branch.pk)
    assert sorted(m.to[0] for m in mail.outbox) == [branch_approver.email]
    mail.outbox.clear()
    emails.new_request_to_staff(VisitRequestFactory(venue=venue).pk)
    assert {m.to[0] for m in mail.outbox} >= {staff_user.email, branch_approver.email}


def test_the_digest_lists_a_venue_s_requests_to_its_approvers_only(
    request_at_branch, staff_user, branch_approver, venue
):
    other = VisitRequestFactory(venue=venue)
    for user in (staff_user, branch_approver):
        VisitAlertPreference.objects.create(user=user, mode=AlertMode.DIGEST)
    emails.digest_to_staff()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert request_at_branch.reference not in bodies[staff_user.email]
    assert other.reference in bodies[staff_user.email]
    assert request_at_branch.reference in bodies[branch_approver.email]
