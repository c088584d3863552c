"""A partner member's own requests: isolation, the list, edits, cancelling, messages."""

import pytest
from django.urls import reverse

from tests.factories.visits import (
    ScheduledVisitFactory,
    VisitMessageFactory,
    VisitRequestFactory,
)
from tests.visits.partner_requests import form_data
from visits.choices import VisitState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


@pytest.mark.parametrize(
    "name",
    [
        "request-detail",
        "request-edit",
        "request-cancel",
        "request-letter",
        "reply-letter",
        "participant-list",
    ],
)
def test_member_of_b_sees_nothing_of_a(client, member_b, institution_a, name):
    visit = VisitRequestFactory(institution=institution_a, state=VisitState.CHANGES_REQUESTED)
    client.force_login(member_b)
    response = client.get(reverse(f"visits:{name}", args=[visit.pk]))
    assert response.status_code == 404
    assert visit.reference not in response.content.decode()


def test_member_of_b_cannot_post_to_a_request_of_a(client, member_b, institution_a, venue):
    visit = VisitRequestFactory(institution=institution_a)
    client.force_login(member_b)
    for name, data in [
        ("request-cancel", {"reason": "x"}),
        ("request-message", {"body": "halo"}),
        ("request-edit", form_data()),
    ]:
        response = client.post(reverse(f"visits:{name}", args=[visit.pk]), data)
        assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED
    assert visit.messages.count() == 0
    assert b"halo" not in response.content


def test_list_shows_only_own_institution(client, member_a, institution_a, institution_b):
    own = VisitRequestFactory(institution=institution_a)
    other = VisitRequestFactory(institution=institution_b)
    client.force_login(member_a)
    content = client.get(reverse("visits:request-list")).content.decode()
    assert own.reference in content
    assert other.reference not in content


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_bad_page_numbers_are_404(signed_in_a, page):
    assert signed_in_a.get(reverse("visits:request-list"), {"page": page}).status_code == 404


def test_my_visits_list_query_count_does_not_grow(
    client, member_a, institution_a, assert_query_count_stable
):
    client.force_login(member_a)

    def grow():
        for _ in range(6):
            visit = ScheduledVisitFactory(institution=institution_a)
            VisitMessageFactory(request=visit)

    VisitRequestFactory(institution=institution_a)
    assert_query_count_stable(lambda: client.get(reverse("visits:request-list")), grow)


def test_partner_edits_and_resubmits_when_changes_are_requested(
    signed_in_a, institution_a, member_a
):
    visit = VisitRequestFactory(
        institution=institution_a, requester=member_a, state=VisitState.CHANGES_REQUESTED
    )
    page = signed_in_a.get(reverse("visits:request-edit", args=[visit.pk]))
    assert page.status_code == 200
    data = form_data(purpose="Tujuan yang diperbaiki.")
    data.pop("idempotency_key")
    data.pop("request_letter")
    response = signed_in_a.post(reverse("visits:request-edit", args=[visit.pk]), data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED
    assert visit.purpose == "Tujuan yang diperbaiki."


def test_edit_is_refused_outside_changes_requested(signed_in_a, institution_a):
    visit = VisitRequestFactory(institution=institution_a)
    response = signed_in_a.post(reverse("visits:request-edit", args=[visit.pk]), form_data())
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.purpose == "Belajar tata kelola perpustakaan digital."


def test_partner_cancels_with_a_reason(signed_in_a, institution_a):
    visit = ScheduledVisitFactory(institution=institution_a)
    response = signed_in_a.post(
        reverse("visits:request-cancel", args=[visit.pk]), {"reason": "Jadwal bentrok."}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.state == VisitState.CANCELLED
    assert visit.transitions.last().note == "Jadwal bentrok."


def test_partner_posts_a_message(signed_in_a, institution_a):
    visit = VisitRequestFactory(institution=institution_a)
    signed_in_a.post(reverse("visits:request-message", args=[visit.pk]), {"body": "Terima kasih"})
    page = signed_in_a.get(visit.get_absolute_url()).content.decode()
    assert "Terima kasih" in page
