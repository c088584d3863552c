import datetime
import html
import re
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import Institution
from tests.factories.files import fake_pdf_upload, pdf_bytes, pdf_upload
from tests.factories.partners import AgreementFactory, MembershipFactory
from tests.factories.visits import (
    ClosedDateFactory,
    ScheduledVisitFactory,
    VisitMessageFactory,
    VisitRequestFactory,
    weekday_after,
)
from visits.choices import VisitState
from visits.models import Venue, VisitRequest

pytestmark = pytest.mark.django_db


def day_text(day):
    return date_format(day, "j F Y")


def form_data(day=None, **overrides):
    day = day or weekday_after(21)
    poltekes = Institution.objects.filter(name="Poltekes Banjarmasin").first()
    data = {
        "institution": str(poltekes.pk) if poltekes else "",
        "venue": str(Venue.objects.first().pk),
        "purpose": "Belajar layanan repositori.",
        "group_size": "12",
        "leaders_count": "2",
        "staff_count": "0",
        "librarians_count": "10",
        "students_count": "0",
        "others_count": "0",
        "contact_name": "Nur Aisyah",
        "contact_email": "nur@poltekes.example",
        "contact_phone": "0811",
        "slot_1_date": day.isoformat(),
        "slot_1_start": "09:00",
        "slot_1_end": "11:00",
        "idempotency_key": str(uuid.uuid4()),
        "request_letter": pdf_upload(),
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_in_a(client, member_a, institution_a, venue):
    client.force_login(member_a)
    return client


def create(client, data):
    return client.post(reverse("visits:request-create"), data)


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
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
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


@pytest.mark.parametrize(
    "name", ["request-detail", "request-edit", "request-cancel", "request-letter"]
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


def kept_token(response):
    match = re.search(r'<input type="hidden" name="kept_letter" value="([^"]+)"', response.text)
    return match.group(1) if match else None


def held_files():
    from django.core.files.storage import storages

    try:
        return storages["private"].listdir("held-uploads")[1]
    except FileNotFoundError:
        return []


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


def test_an_invalid_letter_is_not_kept(signed_in_a):
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
