"""Visit times read the same everywhere: in the venue's zone, with its label,
in the reader's language (issue 11 defect 1, issue 12 §1)."""

import datetime
import re
import zoneinfo
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories.visits import ScheduledVisitFactory, VenueFactory, VisitRequestFactory
from visits.display import format_duration, format_visit_time
from visits.emails import new_request_to_staff, reminder_to_partner, state_change_to_partner
from visits.models import VisitTransition

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WIT = zoneinfo.ZoneInfo("Asia/Jayapura")
# Wednesday 9 December 2026, 09:00-11:00 in Banjarmasin (WITA).
START = datetime.datetime(2026, 12, 9, 9, tzinfo=WITA)
END = datetime.datetime(2026, 12, 9, 11, tzinfo=WITA)
SLOT_START = datetime.datetime(2026, 12, 10, 13, 30, tzinfo=WITA)
SLOT_END = datetime.datetime(2026, 12, 10, 15, tzinfo=WITA)

READABLE = {
    "id": "Rabu, 9 Desember 2026, 09.00–11.00 WITA",
    "en": "Wednesday 9 December 2026, 09:00–11:00 WITA",
}
READABLE_SLOT = {
    "id": "Kamis, 10 Desember 2026, 13.30–15.00 WITA",
    "en": "Thursday 10 December 2026, 13:30–15:00 WITA",
}
# What the old `date:"l, DATE_FORMAT"` printed: format letters read one by one.
GARBLE = re.compile(r"DATE_FORMAT|[A-Z][a-z]{2}AM|\+0[789]00|_(Desember|December)")


def text_of(html):
    """The page's visible text, tags dropped and white space folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def banjarmasin(db):
    return VenueFactory(
        name="Perpustakaan Banjarmasin",
        address="Jl. Ahmad Yani, Banjarmasin",
        time_zone="Asia/Makassar",
    )


@pytest.fixture
def scheduled(institution_a, member_a, staff_user, banjarmasin):
    visit = ScheduledVisitFactory(
        institution=institution_a,
        requester=member_a,
        contact_email=member_a.email,
        venue=banjarmasin,
        scheduled_start=START,
        scheduled_end=END,
        host_staff=staff_user,
        slots=[(SLOT_START, SLOT_END)],
    )
    VisitTransition.objects.create(
        request=visit, from_state="under_review", to_state="scheduled", actor=staff_user
    )
    return visit


# The pure functions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "language", "expected"),
    [
        ("Asia/Jakarta", "id", "Rabu, 9 Desember 2026, 08.00–10.00 WIB"),
        ("Asia/Makassar", "id", "Rabu, 9 Desember 2026, 09.00–11.00 WITA"),
        ("Asia/Jayapura", "id", "Rabu, 9 Desember 2026, 10.00–12.00 WIT"),
        ("Asia/Jakarta", "en", "Wednesday 9 December 2026, 08:00–10:00 WIB"),
        ("Asia/Makassar", "en", "Wednesday 9 December 2026, 09:00–11:00 WITA"),
        ("Asia/Jayapura", "en", "Wednesday 9 December 2026, 10:00–12:00 WIT"),
    ],
)
def test_a_visit_time_reads_in_the_given_zone_and_language(zone, language, expected):
    assert format_visit_time(START, END, time_zone=zone, language=language) == expected


def test_a_moment_and_a_range_over_two_days():
    assert format_visit_time(START, time_zone="Asia/Makassar", language="id") == (
        "Rabu, 9 Desember 2026, 09.00 WITA"
    )
    assert format_visit_time(
        START, END + datetime.timedelta(days=1), time_zone="Asia/Makassar", language="en"
    ) == ("Wednesday 9 December 2026, 09:00 – Thursday 10 December 2026, 11:00 WITA")


def test_the_active_language_is_used_when_none_is_given():
    with translation.override("en"):
        assert format_visit_time(START, END, time_zone="Asia/Makassar") == READABLE["en"]


@pytest.mark.parametrize(
    ("minutes", "language", "expected"),
    [
        (120, "id", "2 jam"),
        (120, "en", "2 hours"),
        (60, "en", "1 hour"),
        (90, "id", "1 jam 30 menit"),
        (90, "en", "1 hour 30 minutes"),
        (45, "en", "45 minutes"),
    ],
)
def test_a_length_reads_in_hours_and_minutes(minutes, language, expected):
    assert format_duration(datetime.timedelta(minutes=minutes), language=language) == expected


# Pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_partner_request_page_shows_readable_times_in_the_venue_zone(
    client, member_a, scheduled, language
):
    client.force_login(member_a)
    prefix = "/en" if language == "en" else ""
    response = client.get(prefix + scheduled.get_absolute_url())

    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert f"{READABLE[language]} · Perpustakaan Banjarmasin" in text
    assert READABLE_SLOT[language] in text
    assert "WIB" not in text
    assert not GARBLE.search(text)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_partner_list_and_dashboard_show_readable_times(
    client, member_a, scheduled, institution_a, language
):
    waiting = VisitRequestFactory(
        institution=institution_a,
        requester=member_a,
        venue=scheduled.venue,
        slots=[(SLOT_START, SLOT_END)],
    )
    client.force_login(member_a)
    with translation.override(language):
        urls = (
            reverse("visits:request-list"),
            reverse("partners:dashboard-institution", args=[institution_a.slug]),
        )
        state = scheduled.get_state_display()
    preferred = "preferred" if language == "en" else "pilihan"

    listing, dashboard = (text_of(client.get(url).content.decode()) for url in urls)

    assert READABLE[language] in listing
    assert f"{READABLE_SLOT[language]} ({preferred})" in listing
    assert f"{scheduled.reference} · {state} · {READABLE[language]}" in dashboard
    assert waiting.reference in dashboard
    assert not GARBLE.search(listing + dashboard)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_staff_request_page_shows_readable_times_in_the_venue_zone(
    client, staff_user, scheduled, language
):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()
    client.force_login(staff_user)

    response = client.get(reverse("visit_requests:inspect", args=[scheduled.pk]))

    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert f"{READABLE[language]} · Perpustakaan Banjarmasin" in text
    assert READABLE_SLOT[language] in text
    assert "Asia/Makassar" not in text
    assert not GARBLE.search(text)


@pytest.mark.parametrize(("language", "expected"), [("id", "2 jam"), ("en", "2 hours")])
def test_the_visiting_page_gives_the_usual_length_in_words(client, venue, language, expected):
    prefix = "/en" if language == "en" else ""
    text = text_of(client.get(prefix + reverse("visits:visiting")).content.decode())
    label = "Usual length" if language == "en" else "Lama kunjungan biasanya"
    assert f"{label} {expected}" in text
    assert "2:00:00" not in text


# E-mails -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_scheduled_and_reminder_mails_say_when_readably(scheduled, member_a, language):
    member_a.preferred_language = language
    member_a.save()
    transition = VisitTransition.objects.filter(request=scheduled).latest("pk")
    when = "Waktu" if language == "id" else "When"

    state_change_to_partner(scheduled.pk, transition.pk)
    reminder_to_partner(scheduled.pk)

    changed, reminder = mail.outbox
    assert f"\n{when}: {READABLE[language]}\n" in changed.body
    assert f"\n{when}: {READABLE[language]}\n" in reminder.body
    subject = {
        "id": f"Pengingat: studi banding {scheduled.reference} pada {READABLE['id']}",
        "en": f"Reminder: study visit {scheduled.reference} on {READABLE['en']}",
    }
    assert reminder.subject == subject[language]
    for message in (changed, reminder):
        assert not GARBLE.search(message.subject + message.body)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_new_request_mail_lists_the_preferred_times_readably(
    staff_user, institution_a, member_a, banjarmasin, language
):
    staff_user.preferred_language = language
    staff_user.save()
    visit = VisitRequestFactory(
        institution=institution_a,
        requester=member_a,
        venue=banjarmasin,
        slots=[(START, END), (SLOT_START, SLOT_END)],
    )

    new_request_to_staff(visit.pk)

    [message] = mail.outbox
    venue = "Tempat" if language == "id" else "Venue"
    assert f"\n{venue}: Perpustakaan Banjarmasin\n" in message.body
    assert f"\n1. {READABLE[language]}\n2. {READABLE_SLOT[language]}\n" in message.body
    assert not GARBLE.search(message.body)
