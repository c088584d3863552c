"""The body of "My institution" is kept until a partners record changes
(``{% private_fragment %}``, issue 17): what a member sees is still current,
and the forms in a kept copy carry the token of the session that reads it."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import FollowUp
from tests.factories.partners import MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/institusi-saya/alfa/"


def invitation_token(html):
    """The CSRF token in the invitation form (not the header's sign-out form)."""
    action = reverse("partners:invitation-create", args=["alfa"])
    form = re.search(rf'action="{action}"[^>]*>(.*?)</form>', html, re.S).group(1)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_each_session_posts_from_a_kept_dashboard_with_its_own_token(coordinator_a):
    first = Client(enforce_csrf_checks=True)
    first.force_login(coordinator_a)
    assert "Undang rekan" in first.get(URL).text  # kept now

    second = Client(enforce_csrf_checks=True)
    second.force_login(coordinator_a)
    html = second.get(URL).text
    response = second.post(
        reverse("partners:invitation-create", args=["alfa"]),
        {"csrfmiddlewaretoken": invitation_token(html), "email": "rekan@alfa.example"},
    )

    assert response.status_code == 302
    assert "rekan@alfa.example" in second.get(URL).text


def test_a_member_approved_from_the_dashboard_shows_as_active_at_once(client, coordinator_a):
    pending = MembershipFactory(
        institution=coordinator_a.memberships.get().institution,
        user__full_name="Calon Anggota",
        state="pending",
    )
    client.force_login(coordinator_a)
    assert "Setujui" in client.get(URL).text

    client.post(reverse("partners:member-decide", args=["alfa", pending.pk, "approve"]))

    html = client.get(URL).text
    assert "Calon Anggota" in html
    assert "Setujui" not in html


def test_a_new_follow_up_shows_on_a_kept_dashboard(client, member_a, institution_a):
    client.force_login(member_a)
    assert "Kirim daftar pustaka bersama" not in client.get(URL).text

    FollowUp.objects.create(
        institution=institution_a,
        title="Kirim daftar pustaka bersama",
        side="partner",
        owner="Nur Aisyah",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )

    assert "Kirim daftar pustaka bersama" in client.get(URL).text


def test_members_of_one_institution_do_not_share_a_kept_copy(client, member_a, coordinator_a):
    coordinator = Client()
    coordinator.force_login(coordinator_a)
    assert "Undang rekan" in coordinator.get(URL).text

    client.force_login(member_a)
    assert "Undang rekan" not in client.get(URL).text


def test_a_kept_dashboard_reads_only_who_is_asking(client, coordinator_a):
    client.force_login(coordinator_a)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert "Perpustakaan Alfa" in response.text
    assert (
        len(queries) <= 3
    )  # the session (tests keep it in the database), the user, the membership
