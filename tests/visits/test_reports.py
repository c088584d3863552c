import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail_factories import ImageFactory

from tests.factories import UserFactory
from tests.factories.visits import ScheduledVisitFactory, VisitRequestFactory
from tests.factories.visits_reports import (
    HeldVisitFactory,
    VisitFeedbackFactory,
    VisitReportFactory,
    VisitReportPhotoFactory,
)
from visits.choices import VisitState
from visits.models import VisitReport, VisitTransition
from visits.services import reports as report_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def _report_form(**overrides):
    data = {
        "summary": "Rombongan belajar layanan digital.\n\nMereka merencanakan program bersama.",
        "attendance_count": "14",
        "participants_note": "Direktur akademik dan pustakawan.",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


# Recording the report -------------------------------------------------------------------


def test_record_report_moves_completed_visit_to_reported(held_visit, staff_user):
    report = VisitReport(summary="Kunjungan berjalan baik.", attendance_count=9)

    report_services.visit_report_record(visit=held_visit, report=report, actor=staff_user)

    held_visit.refresh_from_db()
    assert held_visit.state == VisitState.REPORTED
    assert held_visit.report.attendance_count == 9
    assert held_visit.report.recorded_by == staff_user
    last = held_visit.transitions.order_by("-pk").first()
    assert (last.from_state, last.to_state, last.actor) == (
        VisitState.COMPLETED,
        VisitState.REPORTED,
        staff_user,
    )


def test_record_report_refused_before_the_visit_is_held(staff_user):
    visit = ScheduledVisitFactory()

    with pytest.raises(report_services.ReportError):
        report_services.visit_report_record(
            visit=visit, report=VisitReport(summary="x", attendance_count=3), actor=staff_user
        )

    visit.refresh_from_db()
    assert visit.state == VisitState.SCHEDULED
    assert not VisitReport.objects.exists()


def test_record_report_refused_twice(staff_user):
    report = VisitReportFactory()

    with pytest.raises(report_services.ReportError):
        report_services.visit_report_record(
            visit=report.request,
            report=VisitReport(summary="again", attendance_count=3),
            actor=staff_user,
        )
    assert VisitReport.objects.count() == 1


def test_record_report_by_a_partner_is_denied(held_visit, member_a):
    with pytest.raises(PermissionDenied):
        report_services.visit_report_record(
            visit=held_visit, report=VisitReport(summary="x", attendance_count=3), actor=member_a
        )
    held_visit.refresh_from_db()
    assert held_visit.state == VisitState.COMPLETED


def test_record_view_saves_report_with_photos_and_redirects_to_it(staff_client, held_visit):
    first, second = ImageFactory(title="Foto bersama"), ImageFactory(title="Ruang baca")
    data = _report_form(
        **{
            "photos-TOTAL_FORMS": "2",
            "photos-0-image": str(first.pk),
            "photos-0-caption": "Foto bersama di lobi",
            "photos-0-ORDER": "1",
            "photos-1-image": str(second.pk),
            "photos-1-caption": "Di ruang baca",
            "photos-1-ORDER": "2",
        }
    )

    response = staff_client.post(reverse("visit_reports:record", args=[held_visit.pk]), data)

    report = VisitReport.objects.get(request=held_visit)
    assert response.status_code == 302
    assert response["Location"] == reverse("visit_reports:detail", args=[report.pk])
    assert report.attendance_count == 14
    assert [photo.caption for photo in report.photos.all()] == [
        "Foto bersama di lobi",
        "Di ruang baca",
    ]
    held_visit.refresh_from_db()
    assert held_visit.state == VisitState.REPORTED


def test_record_view_shows_errors_and_keeps_state(staff_client, held_visit):
    response = staff_client.post(
        reverse("visit_reports:record", args=[held_visit.pk]),
        _report_form(summary="", attendance_count="0"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"summary", "attendance_count"}
    held_visit.refresh_from_db()
    assert held_visit.state == VisitState.COMPLETED


def test_record_view_prefills_group_size(staff_client, held_visit):
    response = staff_client.get(reverse("visit_reports:record", args=[held_visit.pk]))

    assert response.status_code == 200
    assert response.context["form"]["attendance_count"].value() == 10


def test_record_view_for_unheld_visit_redirects_with_message(staff_client):
    visit = VisitRequestFactory()

    response = staff_client.get(reverse("visit_reports:record", args=[visit.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("visit_reports:index")
    assert "setelah kunjungan ditandai terlaksana" in response.content.decode()


def test_record_view_unknown_visit_is_404(staff_client):
    assert staff_client.get("/admin/visit_reports/record/999999/").status_code == 404


def test_report_screens_denied_to_partners_and_writers(client, held_visit, member_a):
    report = VisitReportFactory()
    writer = UserFactory(groups=[Group.objects.get(name="Writers")])
    for user in (member_a, writer):
        client.force_login(user)
        for url in (
            reverse("visit_reports:index"),
            reverse("visit_reports:record", args=[held_visit.pk]),
            reverse("visit_reports:detail", args=[report.pk]),
            reverse("visit_reports:edit", args=[report.pk]),
        ):
            assert client.get(url).status_code in (302, 403), url
    held_visit.refresh_from_db()
    assert held_visit.state == VisitState.COMPLETED


def test_edit_view_updates_report_without_new_transition(staff_client):
    report = VisitReportFactory()
    transitions = VisitTransition.objects.count()

    response = staff_client.post(
        reverse("visit_reports:edit", args=[report.pk]),
        _report_form(summary="Ringkasan yang diperbaiki.", attendance_count="11"),
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.summary, report.attendance_count) == ("Ringkasan yang diperbaiki.", 11)
    assert VisitTransition.objects.count() == transitions


def test_index_lists_awaiting_visits_and_reports(staff_client, held_visit):
    report = VisitReportFactory()
    VisitFeedbackFactory(request=report.request, rating=4)
    VisitRequestFactory()  # not held: not listed

    response = staff_client.get(reverse("visit_reports:index"))

    assert [visit.pk for visit in response.context["awaiting"]] == [held_visit.pk]
    assert [item.pk for item in response.context["reports"]] == [report.pk]
    content = response.content.decode()
    assert reverse("visit_reports:record", args=[held_visit.pk]) in content
    assert "4 dari 5" in content


def test_index_query_count_does_not_grow(staff_client, assert_query_count_stable):
    def grow():
        for _ in range(4):
            report = VisitReportFactory()
            VisitFeedbackFactory(request=report.request)
            VisitReportPhotoFactory(report=report)
            HeldVisitFactory()

    VisitReportPhotoFactory()
    HeldVisitFactory()
    assert_query_count_stable(lambda: staff_client.get(reverse("visit_reports:index")), grow)


def test_get_report_url_follows_the_visit(held_visit):
    assert report_services.get_report_url(VisitRequestFactory()) is None
    assert report_services.get_report_url(held_visit) == reverse(
        "visit_reports:record", args=[held_visit.pk]
    )
    report = VisitReportFactory(request=held_visit)
    held_visit.refresh_from_db()
    assert report_services.get_report_url(held_visit) == reverse(
        "visit_reports:detail", args=[report.pk]
    )


# The news draft -------------------------------------------------------------------------


def test_record_report_on_visit_marked_reported_by_hand_adds_no_transition(staff_user):
    visit = HeldVisitFactory(state=VisitState.REPORTED)
    transitions = VisitTransition.objects.count()

    report_services.visit_report_record(
        visit=visit, report=VisitReport(summary="Catatan.", attendance_count=8), actor=staff_user
    )

    visit.refresh_from_db()
    assert visit.state == VisitState.REPORTED
    assert visit.report.summary == "Catatan."
    assert VisitTransition.objects.count() == transitions


def test_edit_view_shows_the_report_form(staff_client):
    report = VisitReportFactory(summary="Ringkasan lama.")
    VisitReportPhotoFactory(report=report, caption="Foto bersama")

    response = staff_client.get(reverse("visit_reports:edit", args=[report.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ringkasan lama." in content
    assert "Foto bersama" in content


def test_cooperation_staff_may_choose_and_upload_report_photos(staff_user):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_image_model())
    assert permission_policy.user_has_permission(staff_user, "choose")
    assert permission_policy.user_has_permission(staff_user, "add")


def test_dashboard_panel_counts_visits_waiting_for_a_report(staff_client, held_visit):
    VisitReportFactory()

    content = staff_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "1 kunjungan terlaksana menunggu laporannya." in content
    assert reverse("visit_reports:index") in content
