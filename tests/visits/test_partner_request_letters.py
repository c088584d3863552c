"""The request letter kept after a form error, its clean-up, and the submission limits.

These run on the real clock: held letters age by their files' modification
times, which a frozen clock does not move."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories.files import fake_pdf_upload, pdf_bytes
from tests.factories.partners import MembershipFactory
from tests.visits.partner_requests import create, form_data, held_files, kept_token
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db


def test_the_letter_is_kept_after_an_error_and_sent_with_the_fixed_form(signed_in_a):
    letter = pdf_bytes(text_pages=2)
    data = form_data(
        group_size="13",
        request_letter=SimpleUploadedFile("surat-permohonan.pdf", letter, "application/pdf"),
    )
    refused = create(signed_in_a, data)
    assert refused.status_code == 200
    assert "berjumlah 12 orang" in refused.text
    assert (
        "Surat Anda “surat-permohonan.pdf” sudah kami simpan dari percobaan sebelumnya: "
        "Anda tidak perlu memilihnya lagi." in html.unescape(refused.text)
    )
    token = kept_token(refused)
    assert token and len(held_files()) == 1

    data = form_data(group_size="12", kept_letter=token)
    data.pop("request_letter")
    response = create(signed_in_a, data)

    assert response.status_code == 302
    visit = VisitRequest.objects.get()
    with visit.request_letter.open("rb") as stored:
        assert stored.read() == letter
    assert held_files() == []


def test_the_kept_letter_stays_kept_through_a_second_error(signed_in_a):
    first = create(signed_in_a, form_data(group_size="13"))
    data = form_data(group_size="14", kept_letter=kept_token(first))
    data.pop("request_letter")
    second = create(signed_in_a, data)
    assert kept_token(second) == kept_token(first)
    assert "request_letter" not in second.context["form"].errors
    assert len(held_files()) == 1


def test_another_user_cannot_use_someones_kept_letter(client, signed_in_a, institution_a, venue):
    token = kept_token(create(signed_in_a, form_data(group_size="13")))
    colleague = MembershipFactory(institution=institution_a).user
    client.force_login(colleague)
    data = form_data(kept_letter=token)
    data.pop("request_letter")
    response = create(client, data)
    assert response.status_code == 200
    assert response.context["form"].errors["request_letter"]
    assert kept_token(response) is None
    assert "sudah kami simpan" not in response.text
    assert VisitRequest.objects.count() == 0


@pytest.mark.parametrize("token", ["rubbish", "held-uploads/abc.pdf:1:x"])
def test_a_forged_kept_letter_token_is_ignored(signed_in_a, token):
    data = form_data(kept_letter=token)
    data.pop("request_letter")
    response = create(signed_in_a, data)
    assert response.context["form"].errors["request_letter"]
    assert VisitRequest.objects.count() == 0


def test_an_expired_kept_letter_is_asked_for_again_plainly(signed_in_a, monkeypatch):
    token = kept_token(create(signed_in_a, form_data(group_size="13")))
    monkeypatch.setattr("portal.uploads.HELD_UPLOAD_MAX_AGE", -1)
    data = form_data(kept_letter=token)
    data.pop("request_letter")
    response = create(signed_in_a, data)
    assert response.context["form"].errors["request_letter"] == [
        "Surat yang Anda pilih sebelumnya sudah tidak kami simpan (kami menyimpannya "
        "selama dua jam). Pilih berkasnya lagi."
    ]
    assert VisitRequest.objects.count() == 0


def test_held_letters_are_removed_once_stale(signed_in_a):
    from portal.uploads import purge_held_uploads

    create(signed_in_a, form_data(group_size="13"))
    assert purge_held_uploads() == 0
    assert len(held_files()) == 1
    assert purge_held_uploads(now=timezone.now() + datetime.timedelta(hours=3)) == 1
    assert held_files() == []


def test_an_invalid_letter_is_not_kept(signed_in_a, frozen_time):
    response = create(signed_in_a, form_data(request_letter=fake_pdf_upload()))
    assert kept_token(response) is None
    assert held_files() == []


@pytest.fixture
def submission_limits(settings):
    settings.PORTAL_RATE_LIMITS = {
        **settings.PORTAL_RATE_LIMITS,
        "forms": "1000/m",
        "visit_submissions_user": "2/h",
        "visit_submissions_institution": "3/h",
    }
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1


def test_one_person_is_limited_whatever_address_they_claim(signed_in_a, submission_limits):
    for number in range(3):
        response = signed_in_a.post(
            reverse("visits:request-create"),
            form_data(),
            REMOTE_ADDR=f"10.0.0.{number}",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Anda atau lembaga Anda sudah mengirim banyak permohonan" in response.text
    assert "Permohonan ini belum terkirim" in response.text
    assert response.context["form"]["purpose"].value() == "Belajar layanan repositori."
    assert kept_token(response)  # the letter is kept for the try an hour later
    assert VisitRequest.objects.count() == 2


def test_one_institution_is_limited_across_its_members(
    client, signed_in_a, institution_a, submission_limits
):
    for _ in range(2):
        assert create(signed_in_a, form_data()).status_code == 302
    colleague = MembershipFactory(institution=institution_a).user
    client.force_login(colleague)
    assert create(client, form_data()).status_code == 302
    refused = create(client, form_data())
    assert refused.status_code == 429
    assert VisitRequest.objects.count() == 3


def test_the_hourly_command_removes_stale_held_letters(signed_in_a, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    create(signed_in_a, form_data(group_size="13"))
    out = StringIO()
    call_command("purge_held_uploads", stdout=out)
    assert held_files() != []
    monkeypatch.setattr("portal.uploads.HELD_UPLOAD_MAX_AGE", -1)
    call_command("purge_held_uploads", stdout=out)
    assert held_files() == []
    assert "Removed 1 stale held upload(s)." in out.getvalue()
