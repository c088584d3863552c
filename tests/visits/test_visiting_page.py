import pytest
from django.urls import reverse

from tests.factories.visits import ScheduledVisitFactory, VenueFactory, weekday_after, wib

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def test_visiting_page_shows_rules_and_calendar_without_names(client, venue, institution_a):
    day = weekday_after(30)
    ScheduledVisitFactory(
        venue=venue,
        institution=institution_a,
        contact_name="Nama Rahasia",
        scheduled_start=wib(day, 9),
        scheduled_end=wib(day, 11),
    )
    response = client.get(reverse("visits:visiting-month", args=[day.year, day.month]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Open Library Telkom University" in content
    assert "Sebagian terisi" in content
    assert "09.00–11.00" in content
    assert "Poltekes" not in content
    assert "Nama Rahasia" not in content


def test_english_visiting_page(client, venue):
    content = client.get("/en" + reverse("visits:visiting")).content.decode()
    # Opening hours on a 24-hour clock with two digits, as visit times read.
    assert "Monday: 08:00–16:00" in content
    assert "Study visits to the library" in content


@pytest.mark.parametrize(
    "path",
    ["/kunjungan/2024/13/", "/kunjungan/1999/5/", "/kunjungan/2024/0/", "/kunjungan/99999/1/"],
)
def test_malformed_month_is_404(client, venue, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("value", ["abc", "99999"])
def test_unknown_venue_is_404(client, venue, value):
    assert client.get(reverse("visits:visiting"), {"venue": value}).status_code == 404


def test_second_venue_is_chosen_by_query(client, venue):
    other = VenueFactory(name="Ruang Seminar Lantai 3")
    content = client.get(reverse("visits:visiting"), {"venue": other.pk}).content.decode()
    assert "Ruang Seminar Lantai 3" in content


def test_visiting_page_without_venues_says_so(client):
    response = client.get(reverse("visits:visiting"))
    assert response.status_code == 200


def test_visiting_page_query_count_does_not_grow(client, venue, assert_query_count_stable):
    day = weekday_after(30)
    url = reverse("visits:visiting-month", args=[day.year, day.month])

    def grow():
        for hour in (8, 10, 12, 14):
            ScheduledVisitFactory(
                venue=venue, scheduled_start=wib(day, hour), scheduled_end=wib(day, hour + 2)
            )

    assert_query_count_stable(lambda: client.get(url), grow)
