import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Page
from wagtail_factories import ImageFactory

from news.models import NewsPage
from tests.factories import UserFactory
from tests.factories.news import NewsIndexPageFactory, NewsPersonFactory
from tests.factories.partners import MembershipFactory
from tests.factories.visits import WIB, ScheduledVisitFactory, VisitRequestFactory
from tests.factories.visits_reports import (
    HeldVisitFactory,
    VisitFeedbackFactory,
    VisitReportFactory,
    VisitReportPhotoFactory,
)
from visits.choices import VisitState
from visits.models import VisitFeedback, VisitReport, VisitTransition
from visits.services import reports as report_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


@pytest.fixture
def held_visit(institution_a, member_a):
    return HeldVisitFactory(institution=institution_a, requester=member_a, group_size=10)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


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


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home, title="Berita", slug="berita")


def test_news_draft_is_prefilled_linked_and_not_published(news_index, staff_user):
    report = VisitReportFactory(request__venue__name="Open Library Telkom University")
    VisitReportPhotoFactory(report=report, caption="Foto bersama", sort_order=0)
    VisitReportPhotoFactory(report=report, caption="Ruang baca", sort_order=1)
    VisitReportPhotoFactory(report=report, caption="Diskusi", sort_order=2)
    NewsPersonFactory(user=staff_user, name="Dewi Kartika")

    page, created = report_services.visit_report_create_news_draft(report=report, actor=staff_user)

    page = NewsPage.objects.get(pk=page.pk)
    visit = report.request
    visit.refresh_from_db()
    assert created
    assert page.live is False
    assert page.has_unpublished_changes
    assert page.get_parent().specific == news_index
    assert visit.report_article_id == page.pk
    assert page.title == (
        f"Studi banding {visit.institution.name} ke Open Library Telkom University"
    )
    assert page.date == visit.scheduled_start.astimezone(WIB).date()
    assert page.summary == "Rombongan mempelajari layanan perpustakaan digital."
    assert page.hero_image == report.photos.get(caption="Foto bersama").image
    assert page.hero_caption == "Foto bersama"
    assert list(page.partners.all()) == [visit.institution]
    assert [link.person.name for link in page.writer_links.all()] == ["Dewi Kartika"]
    kinds = [block.block_type for block in page.body]
    assert kinds == ["paragraph", "paragraph", "heading", "paragraph", "gallery"]
    assert "program literasi bersama" in page.body[1].value.source
    assert len(page.body[4].value["images"]) == 2


def test_news_draft_escapes_report_text(news_index, staff_user):
    report = VisitReportFactory(summary="<script>alert(1)</script> & hasil")

    page, _created = report_services.visit_report_create_news_draft(report=report, actor=staff_user)

    source = NewsPage.objects.get(pk=page.pk).body[0].value.source
    assert "<script>" not in source
    assert "&lt;script&gt;" in source


def test_news_draft_twice_returns_the_same_page(news_index, staff_user):
    report = VisitReportFactory()

    first, _ = report_services.visit_report_create_news_draft(report=report, actor=staff_user)
    second, created = report_services.visit_report_create_news_draft(
        report=report, actor=staff_user
    )

    assert (second.pk, created) == (first.pk, False)
    assert NewsPage.objects.count() == 1


def test_news_draft_without_index_gives_message(home, staff_client):
    report = VisitReportFactory()

    response = staff_client.post(reverse("visit_reports:news-draft", args=[report.pk]), follow=True)

    assert "Tidak ada halaman indeks berita" in response.content.decode()
    assert not NewsPage.objects.exists()


def test_news_draft_view_redirects_editors_to_the_page_editor(news_index, client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    report = VisitReportFactory()

    response = client.post(reverse("visit_reports:news-draft", args=[report.pk]))

    page = NewsPage.objects.get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_news_draft_view_for_staff_without_page_rights_stays_on_report(news_index, staff_client):
    report = VisitReportFactory()

    response = staff_client.post(reverse("visit_reports:news-draft", args=[report.pk]))

    assert response["Location"] == reverse("visit_reports:detail", args=[report.pk])
    assert Page.objects.type(NewsPage).count() == 1


def test_news_draft_view_rejects_get(staff_client):
    report = VisitReportFactory()
    assert (
        staff_client.get(reverse("visit_reports:news-draft", args=[report.pk])).status_code == 405
    )


def test_detail_shows_report_photos_and_feedback(staff_client):
    report = VisitReportFactory(attendance_count=17)
    VisitReportPhotoFactory(report=report, caption="Foto bersama")
    VisitFeedbackFactory(request=report.request, rating=3, comment="Waktunya terlalu singkat.")

    response = staff_client.get(reverse("visit_reports:detail", args=[report.pk]))

    content = response.content.decode()
    assert "17" in content
    assert "Foto bersama" in content
    assert "Waktunya terlalu singkat." in content
    assert "Buat draf berita" in content


# Partner feedback -----------------------------------------------------------------------


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
