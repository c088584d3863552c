"""The official reply letter (surat balasan): issued when a visit is
scheduled, numbered from the yearly series, attached to the e-mail, reissued
with a new number when the visit moves, downloadable by the partner's
institution (only) and by staff."""

import io

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from portal.models import SiteSettings
from portal.models.audit import AuditEvent
from portal.utils.reference_numbers import format_reference, validate_pattern
from tests.factories.visits import (
    ScheduledVisitFactory,
    TopicFactory,
    VenueFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from visits.models import ReplyLetter
from visits.services import reply_letters, workflow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def letter_text(letter):
    with letter.file.open("rb") as handle:
        return pdf_text(handle.read())


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def letter_settings(home):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Open Library Bandung"
    site_settings.address = "Gedung Manterawu Lt. 1-5\nJl. Telekomunikasi No. 1, Bandung 40257"
    site_settings.phone = "+62 22 7565930"
    site_settings.email = "library@telkomuniversity.ac.id"
    site_settings.letter_place = "Bandung"
    site_settings.letter_signatory_name = "Dr. Ayu Lestari, M.Hum."
    site_settings.letter_signatory_position = "Kepala Open Library"
    site_settings.letter_signatory_position_en = "Head of Open Library"
    site_settings.save()
    return site_settings


@pytest.fixture
def pending(institution_a, member_a, venue):
    visit = VisitRequestFactory(
        institution=institution_a, requester=member_a, venue=venue, contact_name="Nur Aisyah"
    )
    visit.topics.set([TopicFactory(slug="digital", name_id="Perpustakaan digital")])
    return visit


def schedule(visit, staff_user, venue, capture, day=None, hour=9):
    day = day or weekday_after(21)
    with capture(execute=True):
        workflow.visit_request_schedule(
            visit=visit,
            actor=staff_user,
            venue=venue,
            start=wib(day, hour),
            end=wib(day, hour + 2),
            host_staff=staff_user,
        )
    visit.refresh_from_db()
    return visit


def test_scheduling_issues_a_numbered_letter_in_indonesian(
    letter_settings, pending, staff_user, venue, django_capture_on_commit_callbacks
):
    schedule(pending, staff_user, venue, django_capture_on_commit_callbacks)
    letter = pending.reply_letters.get()
    # Frozen "now" is Tuesday 1 December 2026: the first of the year's series.
    assert letter.number == "001/OL/KS/XII/2026"
    assert (letter.year, letter.sequence, letter.language) == (2026, 1, "id")
    assert letter.is_current and letter.issued_by == staff_user

    text = flat(letter_text(letter))
    assert "001/OL/KS/XII/2026" in text
    assert "Bandung, 1 Desember 2026" in text  # the date of issue, in Indonesian
    day = weekday_after(21)
    assert f"Selasa, {day.day} Desember 2026" in text or f"{day.day} " in text
    assert "09.00–11.00 WIB (Waktu Indonesia Barat)" in text  # the venue's zone, named
    assert "OPEN LIBRARY BANDUNG" in text
    assert "Poltekes Banjarmasin" in text and "Nur Aisyah" in text
    assert "Perpustakaan digital" in text  # the agreed topics
    assert "Kepala Open Library" in text and "Dr. Ayu Lestari, M.Hum." in text
    assert "Dengan hormat" in text and "Hormat kami" in text
    assert staff_user.email in text  # the host is the contact person


def test_a_letter_in_english_for_a_request_made_in_english(
    letter_settings, pending, staff_user, venue, django_capture_on_commit_callbacks
):
    pending.language = "en"
    pending.save(update_fields=["language"])
    schedule(pending, staff_user, venue, django_capture_on_commit_callbacks)
    text = flat(letter_text(pending.reply_letters.get()))
    assert "Bandung, 1 December 2026" in text
    assert "09:00–11:00 WIB (Western Indonesia Time)" in text
    assert "Head of Open Library" in text and "Yours faithfully" in text


def test_the_time_is_in_the_zone_of_a_venue_elsewhere(
    letter_settings, institution_a, member_a, staff_user, django_capture_on_commit_callbacks
):
    makassar = VenueFactory(name="Perpustakaan Cabang Makassar", time_zone="Asia/Makassar")
    visit = VisitRequestFactory(institution=institution_a, requester=member_a, venue=makassar)
    day = weekday_after(21)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_schedule(
            visit=visit,
            actor=staff_user,
            venue=makassar,
            start=wib(day, 9),  # 09.00 in Bandung is 10.00 in Makassar
            end=wib(day, 11),
        )
    text = flat(letter_text(visit.reply_letters.get()))
    assert "10.00–12.00 WITA (Waktu Indonesia Tengah)" in text
    assert "Perpustakaan Cabang Makassar" in text


def test_the_letter_is_attached_to_the_scheduling_email_and_the_host_gets_the_invitation(
    letter_settings, pending, staff_user, member_a, venue, django_capture_on_commit_callbacks
):
    schedule(pending, staff_user, venue, django_capture_on_commit_callbacks)
    letter = pending.reply_letters.get()
    by_recipient = {message.to[0]: message for message in mail.outbox}

    partner = by_recipient[member_a.email]
    names = [name for name, _content, _type in partner.attachments]
    assert "undangan.ics" in names and letter.download_name in names
    pdf = next(content for name, content, _type in partner.attachments if name.endswith(".pdf"))
    assert "001/OL/KS/XII/2026" in pdf_text(pdf)
    assert "001/OL/KS/XII/2026" in partner.body

    # The host is e-mailed the invitation at the first scheduling, as an attendee.
    host = by_recipient[staff_user.email]
    ics = next(content for name, content, _type in host.attachments if name.endswith(".ics"))
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]) == pending.ical_uid
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert f"mailto:{staff_user.email}" in [str(attendee).lower() for attendee in attendees]
    assert any(name.endswith(".pdf") for name, _content, _type in host.attachments)
    assert pending.reference in host.subject


def test_moving_the_visit_supersedes_the_letter_with_a_new_number(
    letter_settings,
    pending,
    staff_user,
    member_a,
    venue,
    client,
    django_capture_on_commit_callbacks,
):
    schedule(pending, staff_user, venue, django_capture_on_commit_callbacks)
    first = pending.reply_letters.get()
    mail.outbox.clear()
    day = weekday_after(28)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.visit_request_reschedule(
            visit=pending, actor=staff_user, start=wib(day, 13), end=wib(day, 15), reason="Rapat"
        )
    first.refresh_from_db()
    second = ReplyLetter.objects.current().get(request=pending)
    assert second.number == "002/OL/KS/XII/2026"
    assert first.superseded_by == second and not first.is_current
    assert "13.00–15.00 WIB" in flat(letter_text(second))
    # The partner's update carries the new letter.
    partner = next(message for message in mail.outbox if message.to == [member_a.email])
    assert second.download_name in [name for name, _c, _t in partner.attachments]

    # Staff see both letters, the old one marked superseded.
    client.force_login(staff_user)
    page = client.get(reverse("visit_requests:inspect", args=[pending.pk])).content.decode()
    assert "001/OL/KS/XII/2026" in page and "002/OL/KS/XII/2026" in page
    assert "digantikan oleh 002/OL/KS/XII/2026" in page
    old = client.get(reverse("visit_requests:reply_letter", args=[pending.pk, first.pk]))
    assert old.status_code == 200
    assert "001/OL/KS/XII/2026" in pdf_text(b"".join(old.streaming_content))

    # The partner downloads the current one only.
    client.force_login(member_a)
    response = client.get(reverse("visits:reply-letter", args=[pending.pk]))
    assert response.status_code == 200
    assert "002/OL/KS/XII/2026" in pdf_text(b"".join(response.streaming_content))
    page = client.get(pending.get_absolute_url()).content.decode()
    assert "002/OL/KS/XII/2026" in page and "001/OL/KS/XII/2026" not in page


def test_without_a_signatory_the_visit_is_scheduled_and_staff_are_told_what_to_set(
    home, pending, staff_user, member_a, client
):
    client.force_login(staff_user)
    inspect = reverse("visit_requests:inspect", args=[pending.pk])
    page = client.get(inspect)
    form = next(form for name, _label, form in page.context["actions"] if name == "schedule")
    data = {f"schedule-{name}": value for name, value in form.initial.items()}
    data["schedule-host_staff"] = staff_user.pk
    data["schedule-venue"] = pending.venue.pk
    data["schedule-date"] = form.initial["date"].isoformat()
    data["schedule-start"] = form.initial["start"].strftime("%H:%M")
    data["schedule-end"] = form.initial["end"].strftime("%H:%M")
    response = client.post(
        reverse("visit_requests:action", args=[pending.pk, "schedule"]), data, follow=True
    )
    pending.refresh_from_db()
    assert pending.state == "scheduled"
    assert not pending.reply_letters.exists()
    shown = response.content.decode()
    assert "Tidak ada surat balasan yang diterbitkan" in shown
    assert "nama penanda tangan dan jabatan penanda tangan" in shown
    settings_url = reverse(
        "wagtailsettings:edit",
        args=["portal", "sitesettings", Site.objects.get(is_default_site=True).pk],
    )
    assert settings_url in shown
    # The partner's page offers no letter.
    client.force_login(member_a)
    assert client.get(reverse("visits:reply-letter", args=[pending.pk])).status_code == 404

    # Once the signatory is set, staff issue it from the request's page.
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.letter_signatory_name = "Dr. Ayu Lestari"
    site_settings.letter_signatory_position = "Kepala Open Library"
    site_settings.save()
    client.force_login(staff_user)
    response = client.post(
        reverse("visit_requests:reply_letter_issue", args=[pending.pk]), follow=True
    )
    letter = pending.reply_letters.get()
    assert letter.number in response.content.decode()
    assert AuditEvent.objects.filter(action="visit_reply_letter.issue").exists()


def test_issuing_without_a_signatory_from_the_page_says_why(home, staff_user, client, venue):
    visit = ScheduledVisitFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("visit_requests:reply_letter_issue", args=[visit.pk]), follow=True
    )
    assert "Tidak ada surat balasan yang diterbitkan" in response.content.decode()
    assert not visit.reply_letters.exists()


def test_a_request_not_scheduled_gets_no_letter(letter_settings, pending, staff_user):
    with pytest.raises(reply_letters.LetterNotIssued):
        workflow.visit_request_issue_letter(visit=pending, actor=staff_user)


def test_only_the_institution_of_the_visit_downloads_its_letter(
    letter_settings,
    pending,
    staff_user,
    venue,
    member_a,
    member_b,
    client,
    django_capture_on_commit_callbacks,
):
    schedule(pending, staff_user, venue, django_capture_on_commit_callbacks)
    letter = pending.reply_letters.get()
    url = reverse("visits:reply-letter", args=[pending.pk])

    client.force_login(member_b)  # another institution
    assert client.get(url).status_code == 404
    assert client.get(reverse("visits:request-detail", args=[pending.pk])).status_code == 404
    staff_url = reverse("visit_requests:reply_letter", args=[pending.pk, letter.pk])
    assert client.get(staff_url).status_code in (302, 403)

    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page

    client.force_login(member_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert letter.download_name in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="visit_reply_letter.download").count() == 1
    page = client.get(pending.get_absolute_url()).content.decode()
    assert "Unduh surat balasan (PDF)" in page and letter.number in page


def test_a_letter_of_another_request_is_not_served_under_this_one(
    letter_settings, staff_user, client, venue
):
    one, other = ScheduledVisitFactory(), ScheduledVisitFactory()
    letter = reply_letters.reply_letter_issue(visit=one, actor=staff_user)
    client.force_login(staff_user)
    url = reverse("visit_requests:reply_letter", args=[other.pk, letter.pk])
    assert client.get(url).status_code == 404


def test_the_series_starts_again_each_year_and_follows_the_pattern(
    letter_settings, staff_user, venue, time_machine
):
    letter_settings.letter_number_pattern = "KS/{year}/{month:02d}/{seq:04d}"
    letter_settings.save()
    first = reply_letters.reply_letter_issue(visit=ScheduledVisitFactory())
    second = reply_letters.reply_letter_issue(visit=ScheduledVisitFactory())
    assert [first.number, second.number] == ["KS/2026/12/0001", "KS/2026/12/0002"]
    time_machine.move_to("2027-01-04 02:00Z")
    third = reply_letters.reply_letter_issue(visit=ScheduledVisitFactory())
    assert (third.number, third.year, third.sequence) == ("KS/2027/01/0001", 2027, 1)


def test_a_pattern_change_never_reuses_a_number(letter_settings, staff_user, venue):
    letter_settings.letter_number_pattern = "{seq}/{year}"
    letter_settings.save()
    reply_letters.reply_letter_issue(visit=ScheduledVisitFactory())
    ReplyLetter.objects.update(sequence=5)  # as if the counter had been reset by hand
    from visits.models import ReplyLetterCounter

    ReplyLetterCounter.objects.update(last_sequence=0)
    again = reply_letters.reply_letter_issue(visit=ScheduledVisitFactory())
    assert again.number == "2/2026"


def test_number_patterns():
    assert format_reference(
        "{seq:03d}/OL/KS/{month_roman}/{year}", sequence=12, year=2024, month=3
    ) == ("012/OL/KS/III/2024")
    validate_pattern("{seq:03d}/OL/KS/{month_roman}/{year}")
    for bad in (
        "{seq}/OL",
        "{year}",
        "{seq.__class__}/{year}",
        "{seq}/{year}/{name}",
        "{seq",
        "{seq!r}/{year}",
    ):
        with pytest.raises(ValidationError):
            validate_pattern(bad)


def test_the_settings_form_refuses_a_pattern_without_the_number(letter_settings):
    letter_settings.letter_number_pattern = "OL/KS/{year}"
    with pytest.raises(ValidationError) as error:
        letter_settings.full_clean()
    assert "letter_number_pattern" in error.value.message_dict


def test_requests_record_the_language_they_were_made_in(signed_in_a):
    from visits.services.submission import _language

    assert _language("en", None) == "en"
    assert _language("en-us", None) == "en"
    assert _language(None, None) == "id"
    assert _language("fr", None) == "id"


def test_the_retention_purge_removes_the_letters_pdf_and_keeps_its_number(
    letter_settings, staff_user, venue, client, time_machine
):
    import datetime

    from django.utils import timezone

    from portal import extensions

    visit = ScheduledVisitFactory(venue=venue, requester__preferred_language="id")
    letter = reply_letters.reply_letter_issue(visit=visit, actor=staff_user)
    path = letter.file.name
    visit.state = "reported"
    visit.save(update_fields=["state"])
    time_machine.move_to(visit.scheduled_end + datetime.timedelta(days=800))
    extensions.retention_purge(cutoff=timezone.now() - datetime.timedelta(days=730), dry_run=False)
    letter.refresh_from_db()
    assert letter.number == "001/OL/KS/XII/2026" and not letter.file
    assert not letter.file.storage.exists(path)
    client.force_login(staff_user)
    assert (
        client.get(reverse("visit_requests:reply_letter", args=[visit.pk, letter.pk])).status_code
        == 404
    )
    page = client.get(reverse("visit_requests:inspect", args=[visit.pk])).content.decode()
    assert "001/OL/KS/XII/2026" in page


def test_the_request_page_reads_its_letters_in_a_fixed_number_of_queries(
    letter_settings, staff_user, venue, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visit = ScheduledVisitFactory()
    reply_letters.reply_letter_issue(visit=visit, actor=staff_user)
    client.force_login(staff_user)
    url = reverse("visit_requests:inspect", args=[visit.pk])
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        reply_letters.reply_letter_issue(visit=visit, actor=staff_user)
    client.get(url)  # the letters flushed the lists kept under "visits"
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count("digantikan oleh") == 4
    assert len(five.captured_queries) == len(one.captured_queries)
