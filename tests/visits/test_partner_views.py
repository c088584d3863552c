"""A partner member submits a visit request: the form, its rules and messages."""

import datetime
import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories.files import fake_pdf_upload, pdf_bytes, pdf_upload
from tests.factories.partners import AgreementFactory, MembershipFactory
from tests.factories.visits import (
    ClosedDateFactory,
    ScheduledVisitFactory,
    VisitRequestFactory,
    weekday_after,
)
from tests.visits.partner_requests import create, day_text, form_data
from visits.choices import VisitState
from visits.models import VisitRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def test_member_submits_a_request_and_lands_on_it(
    signed_in_a, institution_a, member_a, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = create(signed_in_a, form_data())
    visit = VisitRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert visit.institution == institution_a
    assert visit.requester == member_a
    assert visit.state == VisitState.SUBMITTED
    # Staff hear of it; the requester and the contact person get a receipt.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        {staff_user.email, member_a.email, visit.contact_email}
    )
    page = signed_in_a.get(response["Location"])
    assert visit.reference in page.content.decode()
    assert "Diajukan" in page.content.decode()


def test_double_submission_makes_one_request_and_redirects_to_it(signed_in_a):
    data = form_data()
    first = create(signed_in_a, data)
    data["request_letter"] = pdf_upload()
    second = create(signed_in_a, data)
    assert VisitRequest.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"group_size": "60", "librarians_count": "58"}, "group_size", "terlalu besar"),
        ({"group_size": "13"}, "group_size", "berjumlah 12 orang"),
        ({"request_letter": "fake"}, "request_letter", "bukan dokumen PDF"),
    ],
)
def test_rules_are_explained_in_indonesian(signed_in_a, overrides, field, text):
    if overrides.get("request_letter") == "fake":
        overrides["request_letter"] = fake_pdf_upload()
    response = create(signed_in_a, form_data(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert text in errors
    assert VisitRequest.objects.count() == 0


def test_too_soon_closed_and_full_days_are_refused(signed_in_a, venue):
    soon = weekday_after(3)
    closed = weekday_after(30)
    ClosedDateFactory(venue=None, date=closed, reason="Cuti bersama")
    full = weekday_after(40)
    from tests.factories.visits import wib

    ScheduledVisitFactory(venue=venue, scheduled_start=wib(full, 9), scheduled_end=wib(full, 11))
    data = form_data(
        day=soon,
        slot_2_date=closed.isoformat(),
        slot_2_start="09:00",
        slot_2_end="11:00",
        slot_3_date=full.isoformat(),
        slot_3_start="10:00",
        slot_3_end="12:00",
    )
    response = create(signed_in_a, data)
    errors = response.context["form"].errors
    assert "terlalu dekat" in errors["slot_1_date"][0]
    assert "Cuti bersama" in errors["slot_2_date"][0]
    assert "sudah penuh" in errors["slot_3_date"][0]
    assert VisitRequest.objects.count() == 1  # only the visit that fills the day
    # Each message names its slot, says why and what is free instead.
    earliest = day_text(timezone.localdate() + datetime.timedelta(days=venue.min_lead_days))
    assert errors["slot_1_date"] == [
        f"Waktu pilihan pertama: {day_text(soon)} terlalu dekat: permohonan harus kami "
        f"terima paling lambat 14 hari sebelumnya, jadi tanggal paling awal adalah {earliest}."
    ]
    assert errors["slot_2_date"][0].startswith(
        f"Waktu pilihan kedua: Open Library Telkom University tutup pada {day_text(closed)} "
        "(Cuti bersama). Hari yang masih tersedia: "
    )
    assert errors["slot_3_date"] == [
        "Waktu pilihan ketiga: Waktu ini sudah penuh di Open Library Telkom University. "
        f"Silakan pilih waktu lain. Yang masih kosong pada {day_text(full)}: 11.00–16.00."
    ]
    page = html.unescape(response.text)
    for message in (errors["slot_1_date"][0], errors["slot_3_date"][0]):
        assert message in page


def test_english_messages_under_en(client, member_a, venue):
    client.force_login(member_a)
    response = client.post(
        "/en" + reverse("visits:request-create"), form_data(group_size="99", librarians_count="97")
    )
    assert "The group is too large" in " ".join(response.context["form"].errors["group_size"])


def test_agreement_of_another_institution_is_refused(signed_in_a, institution_b):
    foreign = AgreementFactory(partners=[institution_b])
    response = create(signed_in_a, form_data(agreement=str(foreign.pk)))
    assert "agreement" in response.context["form"].errors
    assert VisitRequest.objects.count() == 0


def test_own_agreement_is_linked(signed_in_a, institution_a):
    own = AgreementFactory(partners=[institution_a])
    create(signed_in_a, form_data(agreement=str(own.pk)))
    assert VisitRequest.objects.get().agreement == own


def test_user_without_membership_is_told_how_to_get_one(client, venue):
    membership = MembershipFactory(state="pending")
    client.force_login(membership.user)
    response = client.get(reverse("visits:request-create"))
    assert response.status_code == 403
    assert "anggota aktif" in response.content.decode()


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(reverse("visits:request-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_letter_download_is_private_and_audited(signed_in_a, institution_a):
    from portal.models import AuditEvent

    visit = VisitRequestFactory(institution=institution_a)
    response = signed_in_a.get(reverse("visits:request-letter", args=[visit.pk]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="visit_letter.download").count() == 1


def test_a_new_request_records_consent_to_the_current_privacy_notice(
    signed_in_a, institution_a, member_a
):
    from portal.models.privacy import ConsentPurpose, ConsentRecord

    refused = create(signed_in_a, form_data(privacy_consent=""))
    assert refused.status_code == 200
    assert "Setujui pemberitahuan privasi untuk melanjutkan." in refused.text
    assert not VisitRequest.objects.exists()

    response = create(signed_in_a, form_data())
    assert response.status_code == 302
    consent = ConsentRecord.objects.get(user=member_a, purpose=ConsentPurpose.VISIT_REQUEST)
    assert consent.notice.version


def test_the_request_page_names_the_purpose_in_the_visits_own_words(
    client, institution_a, member_a
):
    # The privacy centre's "Purpose" (of processing data) is a different word
    # in Indonesian; it must not replace the visit's own.
    visit = VisitRequestFactory(institution=institution_a, requester=member_a)
    client.force_login(member_a)
    page = client.get(reverse("visits:request-detail", args=[visit.pk])).text
    assert "Tujuan" in page
    assert "Keperluan" not in page


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2100-02-28"])
def test_a_slot_years_away_is_refused_with_a_clear_message(signed_in_a, day):
    response = create(
        signed_in_a, form_data(slot_1_date=day, slot_1_start="23:00", slot_1_end="23:30")
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["slot_1_date"]
    assert message.startswith("Waktu pilihan pertama: ")
    assert "sudah lewat" in message or "terlalu jauh" in message
    assert VisitRequest.objects.count() == 0


def test_an_html_page_with_a_pdf_appended_is_refused_as_a_letter(signed_in_a):
    polyglot = SimpleUploadedFile(
        "surat.pdf", b"<html><script>alert(1)</script></html>\n" + pdf_bytes()
    )
    response = create(signed_in_a, form_data(request_letter=polyglot))
    assert "bukan dokumen PDF" in " ".join(response.context["form"].errors["request_letter"])
    assert VisitRequest.objects.count() == 0


def test_slot_errors_read_in_english_under_en(client, member_a, venue):
    from django.utils import translation

    client.force_login(member_a)
    saturday = weekday_after(21, weekday=5)
    monday = saturday + datetime.timedelta(days=2)
    response = client.post(
        "/en" + reverse("visits:request-create"),
        form_data(
            day=saturday, slot_2_date=monday.isoformat(), slot_2_start="15:00", slot_2_end="17:00"
        ),
    )
    errors = response.context["form"].errors
    with translation.override("en"):
        first_free = date_format(monday, "l j F Y")
        day = date_format(monday, "j F Y")
    assert errors["slot_1_date"][0].startswith(
        "1st preferred time: Open Library Telkom University receives no visits on Saturday. "
        f"Days with room: {first_free}; "
    )
    assert errors["slot_2_date"] == [
        f"2nd preferred time: The visit must fit within the opening hours of {day}: 08:00–16:00."
    ]
