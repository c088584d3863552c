"""A partner member's feedback on a held visit."""

import pytest
from django.urls import reverse

from tests.factories.partners import MembershipFactory
from tests.factories.visits import ScheduledVisitFactory
from visits.models import VisitFeedback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def _feedback_url(visit):
    return reverse("visits:request-feedback", args=[visit.pk])


def test_member_leaves_feedback_once(client, held_visit, member_a):
    client.force_login(member_a)

    response = client.post(_feedback_url(held_visit), {"rating": "4", "comment": "Bagus."})

    assert response.status_code == 302
    feedback = VisitFeedback.objects.get(request=held_visit)
    assert (feedback.rating, feedback.comment, feedback.author) == (4, "Bagus.", member_a)
    page = client.get(_feedback_url(held_visit)).content.decode()
    assert "4 dari 5" in page
    assert 'name="rating"' not in page

    client.post(_feedback_url(held_visit), {"rating": "1"})
    assert VisitFeedback.objects.get(request=held_visit).rating == 4


def test_feedback_other_institution_is_404(client, held_visit, member_b):
    client.force_login(member_b)

    assert client.get(_feedback_url(held_visit)).status_code == 404
    assert client.post(_feedback_url(held_visit), {"rating": "1"}).status_code == 404
    assert not VisitFeedback.objects.exists()


def test_feedback_unknown_visit_is_404(client, member_a):
    client.force_login(member_a)
    assert client.get("/kunjungan-saya/999999/umpan-balik/").status_code == 404


def test_feedback_needs_sign_in(client, held_visit):
    response = client.get(_feedback_url(held_visit))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_feedback_revoked_member_is_404(client, held_visit, institution_a):
    membership = MembershipFactory(institution=institution_a, state="revoked")
    client.force_login(membership.user)
    assert client.get(_feedback_url(held_visit)).status_code == 404


def test_feedback_before_the_visit_is_refused(client, institution_a, member_a):
    visit = ScheduledVisitFactory(institution=institution_a)
    client.force_login(member_a)

    page = client.get(_feedback_url(visit))
    client.post(_feedback_url(visit), {"rating": "5"})

    assert page.status_code == 200
    assert 'name="rating"' not in page.content.decode()
    assert not VisitFeedback.objects.exists()


@pytest.mark.parametrize("rating", ["0", "6", "abc", ""])
def test_feedback_invalid_rating_shows_message(client, held_visit, member_a, rating):
    client.force_login(member_a)

    response = client.post(_feedback_url(held_visit), {"rating": rating})

    assert response.status_code == 200
    assert response.context["form"].errors["rating"]
    assert not VisitFeedback.objects.exists()


def test_feedback_in_english(client, held_visit, member_a):
    client.force_login(member_a)
    response = client.get("/en" + _feedback_url(held_visit))
    assert "How was the visit?" in response.content.decode()
