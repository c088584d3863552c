"""The length of a visit and the quota of visits per institution and period:
enforced on the partner's request and change request, on booking on behalf,
on scheduling and on moving, with messages naming the limits (and, for a
quota, the next possible date); nothing the partner typed is lost."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format

from tests.factories.partners import InstitutionFactory
from tests.factories.visits import (
    ScheduledVisitFactory,
    VenueFactory,
    VisitRequestFactory,
    weekday_after,
    wib,
)
from tests.visits.partner_requests import create, form_data
from visits.admin.request_forms import RecordForPartnerForm
from visits.choices import QuotaPeriod, VisitState
from visits.forms import ChangeRequestForm
from visits.models import Venue
from visits.services import availability, venue_rules, workflow

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def limited(venue):
    """The partner's venue: visits of one to three hours."""
    venue.min_duration, venue.max_duration = HOUR, 3 * HOUR
    venue.save()
    return venue


# Length of a visit


def test_the_partner_form_refuses_a_short_visit_and_keeps_what_was_typed(signed_in_a, limited):
    data = form_data(slot_1_start="09:00", slot_1_end="09:30", purpose="Belajar repositori UU PDP.")
    response = create(signed_in_a, data)
    assert response.status_code == 200
    assert "antara 1 jam dan 3 jam; kunjungan ini akan berlangsung 30 menit" in response.text
    assert "Belajar repositori UU PDP." in response.text
    assert 'value="09:30"' in response.text
    assert not limited.visit_requests.exists()


def test_the_english_form_names_the_limits_too(signed_in_a, limited):
    response = signed_in_a.post(
        reverse("visits:request-create").replace("/", "/en/", 1),
        form_data(slot_1_start="09:00", slot_1_end="13:00"),
    )
    assert "lasts between 1 hour and 3 hours; this one would last 4 hours" in response.text


def test_a_change_request_keeps_the_length_rules(limited, institution_a):
    visit = ScheduledVisitFactory(institution=institution_a, venue=limited)
    day = weekday_after(35)
    form = ChangeRequestForm(
        {
            "slot_1_date": day.isoformat(),
            "slot_1_start": "08:00",
            "slot_1_end": "12:30",
            "reason": "Akreditasi.",
        },
        visit=visit,
    )
    assert not form.is_valid()
    assert "paling lama" not in str(form.errors)  # both limits set: it names both
    assert "antara 1 jam dan 3 jam" in str(form.errors)


def test_booking_on_behalf_keeps_the_length_rules(limited, institution_a):
    data = form_data(slot_1_start="09:00", slot_1_end="09:20")
    data.pop("request_letter")
    form = RecordForPartnerForm(data)
    assert not form.is_valid()
    assert "20 menit" in str(form.errors)


def test_staff_can_neither_schedule_nor_move_outside_the_length(limited, staff_user):
    day = weekday_after(21)
    visit = VisitRequestFactory()
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_schedule(
            visit=visit, actor=staff_user, venue=limited, start=wib(day, 9), end=wib(day, 13)
        )
    assert "4 jam" in refused.value.message
    scheduled = ScheduledVisitFactory(venue=limited)
    with pytest.raises(workflow.SlotUnavailable):
        workflow.visit_request_reschedule(
            visit=scheduled,
            actor=staff_user,
            start=wib(weekday_after(28), 9),
            end=wib(weekday_after(28), 9, 40),
            reason="Narasumber berhalangan.",
        )


def test_only_one_limit_is_named_when_only_one_is_set(venue):
    venue.min_duration = HOUR
    day = weekday_after(21)
    assert venue_rules.duration_problem(venue, wib(day, 9), wib(day, 9, 45)) == (
        "Kunjungan ke Open Library Telkom University berlangsung paling singkat 1 jam; "
        "kunjungan ini akan berlangsung 45 menit."
    )
    assert venue_rules.duration_problem(venue, wib(day, 9), wib(day, 17)) is None


def test_the_venue_s_limits_must_agree():
    venue = Venue(name="X", min_duration=3 * HOUR, max_duration=HOUR)
    with pytest.raises(ValidationError) as error:
        venue.clean()
    assert "max_duration" in error.value.message_dict
    venue = Venue(name="X", min_duration=3 * HOUR, default_duration=2 * HOUR)
    with pytest.raises(ValidationError) as error:
        venue.clean()
    assert "default_duration" in error.value.message_dict


# Quota per institution and period


@pytest.mark.parametrize(
    ("day", "bounds"),
    [
        (datetime.date(2027, 1, 31), (datetime.date(2026, 8, 1), datetime.date(2027, 2, 1))),
        (datetime.date(2027, 2, 1), (datetime.date(2027, 2, 1), datetime.date(2027, 8, 1))),
        (datetime.date(2027, 7, 31), (datetime.date(2027, 2, 1), datetime.date(2027, 8, 1))),
        (datetime.date(2027, 8, 1), (datetime.date(2027, 8, 1), datetime.date(2028, 2, 1))),
    ],
)
def test_semesters_follow_the_academic_year(day, bounds):
    assert venue_rules.period_bounds(QuotaPeriod.SEMESTER, day) == bounds


def test_months_and_years():
    assert venue_rules.period_bounds(QuotaPeriod.MONTH, datetime.date(2026, 12, 31)) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    )
    assert venue_rules.period_bounds(QuotaPeriod.YEAR, datetime.date(2027, 5, 5)) == (
        datetime.date(2027, 1, 1),
        datetime.date(2028, 1, 1),
    )
    assert (
        venue_rules.period_text(
            QuotaPeriod.SEMESTER, datetime.date(2026, 8, 1), datetime.date(2027, 2, 1)
        )
        == "semester Agustus 2026 – Januari 2027"
    )


@pytest.fixture
def monthly(venue):
    """One visit per institution a month."""
    venue.quota_visits, venue.quota_period = 1, QuotaPeriod.MONTH
    venue.save()
    return venue


def _next_month_first_weekday(day):
    first = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    while first.weekday() >= 5:
        first += datetime.timedelta(days=1)
    return first


def test_the_partner_is_told_the_quota_and_the_next_possible_date(
    signed_in_a, monthly, institution_a
):
    day = weekday_after(21)
    ScheduledVisitFactory(
        institution=institution_a,
        venue=monthly,
        scheduled_start=wib(day, 9),
        scheduled_end=wib(day, 11),
    )
    data = form_data(
        day,
        slot_1_start="13:00",
        slot_1_end="15:00",
        purpose="Tujuan yang panjang dan tidak boleh hilang.",
    )
    response = create(signed_in_a, data)
    assert response.status_code == 200
    text = response.text
    assert "Poltekes Banjarmasin sudah memiliki 1 kunjungan" in text
    assert "kuotanya 1 kunjungan per bulan" in text
    assert date_format(day, "F Y") in text
    next_day = _next_month_first_weekday(day)
    assert f"Tanggal terdekat yang masih bisa dipilih: {date_format(next_day, 'l, j F Y')}" in text
    assert "Tujuan yang panjang dan tidak boleh hilang." in text
    # Next month is fine.
    response = create(signed_in_a, form_data(next_day))
    assert response.status_code == 302


def test_requested_visits_count_and_closed_ones_do_not(monthly, institution_a):
    day = weekday_after(21)
    requested = VisitRequestFactory(
        institution=institution_a, venue=monthly, slots=[(wib(day, 9), wib(day, 11))]
    )
    problems = availability.slot_problems(
        venue=monthly, start=wib(day, 13), end=wib(day, 15), institution=institution_a
    )
    assert any("kuotanya" in problem for problem in problems)
    # The request never counts against itself (an edit, scheduling it).
    assert (
        availability.slot_problems(
            venue=monthly,
            start=wib(day, 13),
            end=wib(day, 15),
            institution=institution_a,
            exclude_request=requested,
        )
        == []
    )
    requested.state = VisitState.DECLINED
    requested.save()
    assert (
        availability.slot_problems(
            venue=monthly, start=wib(day, 13), end=wib(day, 15), institution=institution_a
        )
        == []
    )


def test_other_institutions_and_venues_keep_their_own_count(monthly, institution_a):
    day = weekday_after(21)
    VisitRequestFactory(
        institution=institution_a, venue=monthly, slots=[(wib(day, 9), wib(day, 11))]
    )
    other = InstitutionFactory()
    assert (
        availability.slot_problems(
            venue=monthly, start=wib(day, 13), end=wib(day, 15), institution=other
        )
        == []
    )
    elsewhere = VenueFactory(quota_visits=1, quota_period=QuotaPeriod.MONTH)
    assert (
        availability.slot_problems(
            venue=elsewhere, start=wib(day, 13), end=wib(day, 15), institution=institution_a
        )
        == []
    )


def test_staff_cannot_schedule_beyond_the_quota(monthly, institution_a, staff_user):
    day = weekday_after(21)
    ScheduledVisitFactory(
        institution=institution_a,
        venue=monthly,
        scheduled_start=wib(day, 9),
        scheduled_end=wib(day, 11),
    )
    second = VisitRequestFactory(institution=institution_a, venue=monthly)
    with pytest.raises(workflow.SlotUnavailable) as refused:
        workflow.visit_request_schedule(
            visit=second, actor=staff_user, venue=monthly, start=wib(day, 13), end=wib(day, 15)
        )
    assert "1 kunjungan per bulan" in refused.value.message
    next_day = _next_month_first_weekday(day)
    workflow.visit_request_schedule(
        visit=second,
        actor=staff_user,
        venue=monthly,
        start=wib(next_day, 13),
        end=wib(next_day, 15),
    )


def test_editing_a_request_does_not_count_it_twice(signed_in_a, monthly, institution_a, member_a):
    day = weekday_after(21)
    visit = VisitRequestFactory(
        institution=institution_a,
        requester=member_a,
        venue=monthly,
        state=VisitState.CHANGES_REQUESTED,
        slots=[(wib(day, 9), wib(day, 11))],
    )
    data = form_data(day, slot_1_start="10:00", slot_1_end="12:00")
    for name in ("idempotency_key", "privacy_consent", "request_letter"):
        data.pop(name)
    response = signed_in_a.post(reverse("visits:request-edit", args=[visit.pk]), data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.state == VisitState.SUBMITTED


def test_the_visiting_page_states_the_venue_rules(client, venue):
    venue.min_duration, venue.max_duration = HOUR, 3 * HOUR
    venue.setup_minutes, venue.teardown_minutes = 30, 15
    venue.quota_visits, venue.quota_period = 2, QuotaPeriod.SEMESTER
    venue.save()
    page = client.get(reverse("visits:visiting")).text
    assert "1 jam sampai 3 jam" in page
    assert "30 menit sebelum dan 15 menit sesudah" in page
    assert "2 kunjungan per semester" in page
    english = client.get("/en" + reverse("visits:visiting")).text
    assert "1 hour to 3 hours" in english
    assert "2 visits per semester" in english
