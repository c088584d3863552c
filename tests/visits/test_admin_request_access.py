"""Who may reach the staff request screens, and what they see there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.visits import (
    VisitRequestFactory,
)
from visits.choices import VisitState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def test_writer_without_visit_permission_cannot_act(client):
    writer = UserFactory(groups=[Group.objects.get(name="Writers")])
    visit = VisitRequestFactory()
    client.force_login(writer)
    response = client.post(
        reverse("visit_requests:action", args=[visit.pk, "decline"]), {"decline-note": "x"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_partner_member_cannot_reach_the_admin_actions(client, member_a):
    visit = VisitRequestFactory()
    client.force_login(member_a)
    response = client.post(
        reverse("visit_requests:action", args=[visit.pk, "decline"]), {"decline-note": "x"}
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_staff_download_the_letter_and_views_are_audited(staff_client):
    from portal.models import AuditEvent

    visit = VisitRequestFactory()
    staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    response = staff_client.get(reverse("visits:request-letter", args=[visit.pk]))
    assert response.status_code == 200
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "visit_letter.download",
        "visit_request.view",
    ]


def test_the_request_page_leads_to_recording_and_then_to_the_report(staff_client, staff_user):
    from tests.factories.visits_reports import HeldVisitFactory

    visit = HeldVisitFactory()
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    record_url = reverse("visit_reports:record", args=[visit.pk])
    assert f'href="{record_url}"' in page.text
    assert "Mark as reported" not in page.text

    staff_client.post(
        record_url,
        {
            "summary": "Rombongan belajar layanan digital.",
            "attendance_count": "11",
            "participants_note": "",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000",
        },
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.REPORTED
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    report_url = reverse("visit_reports:detail", args=[visit.report.pk])
    assert f'href="{report_url}"' in page.text


def test_a_viewer_without_review_rights_sees_no_record_link(client):
    from django.contrib.auth.models import Permission

    from tests.factories.visits_reports import HeldVisitFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_visitrequest"),
    )
    client.force_login(viewer)
    visit = HeldVisitFactory()
    page = client.get(reverse("visit_requests:inspect", args=[visit.pk]))
    assert page.status_code == 200
    assert reverse("visit_reports:record", args=[visit.pk]) not in page.text
