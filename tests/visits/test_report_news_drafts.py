"""A visit report turned into a news draft, and the report's detail page."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from news.models import NewsPage
from tests.factories import UserFactory
from tests.factories.news import NewsIndexPageFactory, NewsPersonFactory
from tests.factories.visits import WIB
from tests.factories.visits_reports import (
    VisitFeedbackFactory,
    VisitReportFactory,
    VisitReportPhotoFactory,
)
from visits.services import reports as report_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


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
