import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from portal.models import ConsentPurpose, ConsentRecord, PrivacyNotice, User
from portal.privacy import services
from portal.privacy.forms import ConsentField, ConsentFormMixin
from tests.factories import UserFactory
from tests.factories.privacy import ConsentRecordFactory, PrivacyNoticeFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Siti Rahmawati",
    "email": "siti@poltekes.example",
    "password1": "buku-literasi-2024",
    "password2": "buku-literasi-2024",
}


def test_signup_records_consent_to_the_current_notice(client, home):
    PrivacyNoticeFactory(version="2023.1", effective_date=datetime.date(2023, 1, 1))
    current = PrivacyNoticeFactory(version="2025.2", effective_date=datetime.date(2025, 6, 1))
    PrivacyNoticeFactory(version="2099.1", effective_date=datetime.date(2099, 1, 1))

    response = client.post(
        "/accounts/signup/",
        {**SIGNUP, "privacy_consent": "on"},
        HTTP_USER_AGENT="Mozilla/5.0 Test",
        REMOTE_ADDR="203.0.113.5",
    )

    assert response.status_code == 302
    consent = ConsentRecord.objects.get(user__email="siti@poltekes.example")
    assert consent.notice == current
    assert consent.purpose == ConsentPurpose.SIGNUP
    assert consent.ip == "203.0.113.5"
    assert consent.user_agent == "Mozilla/5.0 Test"


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "Setujui pemberitahuan privasi untuk melanjutkan."),
        ("/en", "Please agree to the privacy notice to continue."),
    ],
)
def test_signup_without_consent_is_refused_with_a_translated_message(client, home, prefix, message):
    response = client.post(f"{prefix}/accounts/signup/", SIGNUP)

    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(email="siti@poltekes.example").exists()
    assert not ConsentRecord.objects.exists()


def test_signup_form_shows_an_unticked_box_and_a_link_to_the_notice(client, home):
    response = client.get("/en/accounts/signup/")

    assert 'name="privacy_consent"' in response.text
    assert "checked" not in response.text.split('name="privacy_consent"')[1].split(">")[0]
    assert 'href="/en/accounts/privacy/notice/"' in response.text


def test_the_first_notice_exists_after_migrations():
    notice = PrivacyNotice.objects.get(version="2024.1")
    assert "Undang-Undang Nomor 27 Tahun 2022" in notice.body_id
    assert "Law No. 27 of 2022" in notice.body_en


def test_current_notice_falls_back_to_the_built_in_text_when_none_exists():
    PrivacyNotice.objects.all().delete()
    assert services.privacy_notice_current().version == "2024.1"


class VisitLikeForm(ConsentFormMixin, forms.Form):
    consent_purpose = ConsentPurpose.VISIT_REQUEST
    group_size = forms.IntegerField()


def test_consent_mixin_adds_a_required_box_and_records_the_purpose():
    user = UserFactory()
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.4")

    assert not VisitLikeForm({"group_size": 12}).is_valid()
    form = VisitLikeForm({"group_size": 12, "privacy_consent": "on"})
    assert form.is_valid()
    assert list(form.fields)[-1] == "privacy_consent"
    consent = form.record_consent(user, request)

    assert consent.purpose == ConsentPurpose.VISIT_REQUEST
    assert consent.notice == services.privacy_notice_current()
    assert consent.ip == "198.51.100.4"


def test_consent_field_is_always_required():
    assert ConsentField(required=False).required


def test_a_notice_someone_agreed_to_cannot_be_rewritten():
    notice = PrivacyNoticeFactory()
    notice.body_en = "<p>Changed.</p>"
    notice.full_clean()  # nobody agreed yet: fine
    notice.save()
    ConsentRecordFactory(notice=notice)

    notice.body_en = "<p>Changed again.</p>"
    with pytest.raises(ValidationError):
        notice.full_clean()


def test_notice_page_is_public_and_in_both_languages(client, home):
    response = client.get("/accounts/privacy/notice/")
    assert response.status_code == 200
    assert "Pemberitahuan privasi" in response.text
    assert "Versi 2024.1" in response.text

    english = client.get("/en/accounts/privacy/notice/")
    assert "Law No. 27 of 2022" in english.text


def test_older_versions_stay_readable_and_unknown_ones_are_404(client, home):
    PrivacyNoticeFactory(
        version="2025.1", effective_date=datetime.date(2025, 1, 1), body_en="<p>New text.</p>"
    )

    current = client.get("/en/accounts/privacy/notice/")
    assert "New text." in current.text
    older = client.get("/en/accounts/privacy/notice/2024.1/")
    assert "This is not the version in effect now." in older.text
    assert client.get("/en/accounts/privacy/notice/nope/").status_code == 404


def test_footer_links_to_the_notice(client, home):
    assert 'href="/accounts/privacy/notice/"' in client.get("/").text
