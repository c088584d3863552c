"""Dates at the edge of what Python and iCalendar can hold: the admin form
keeps them out, and whatever the database holds anyway (written through
the ORM here) never makes a page or a feed fail."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from partners.events.models import Event
from tests.factories import UserFactory
from tests.factories.events import EventFactory
from tests.factories.partners import MembershipFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
UTC = datetime.UTC


def _uids(response):
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(response.content).events}


def _public_feeds(event):
    partner = event.partners.first()
    return [
        reverse("events:feed"),
        reverse("events:feed-kind", kwargs={"value": event.kind}),
        reverse("events:feed-partner", kwargs={"value": partner.slug}),
    ]


@pytest.fixture
def member():
    return MembershipFactory()


def test_an_event_on_9999_12_30_stays_in_every_feed(client, home, member, frozen_time):
    ordinary = EventFactory(title="Klub baca", partners=[member.institution])
    far = EventFactory(
        title="Pesta milenium",
        partners=[member.institution],
        start=datetime.datetime(9999, 12, 30, 9, tzinfo=WIB),
        end=datetime.datetime(9999, 12, 30, 11, tzinfo=WIB),
    )
    for url in _public_feeds(far):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _uids(response) == {ordinary.uid, far.uid}, url
    single = client.get(reverse("events:event-ics", kwargs={"slug": far.slug}))
    assert single.status_code == 200
    (vevent,) = icalendar.Calendar.from_ical(single.content).events
    assert vevent["DTSTART"].dt == datetime.datetime(9999, 12, 30, 9, tzinfo=WIB)


def _push_to_the_edge(event, *, start, end):
    """Write dates straight to the row, as a script or a bad import would."""
    Event.objects.filter(pk=event.pk).update(start=start, end=end, last_end=end, ical_cache={})


@pytest.mark.parametrize(
    "start, end",
    [
        # Its end in WIB falls in year 10000, which Python cannot hold.
        (
            datetime.datetime(9999, 12, 31, 16, tzinfo=UTC),
            datetime.datetime.max.replace(tzinfo=UTC),
        ),
        (
            datetime.datetime(9999, 12, 31, 23, tzinfo=UTC),
            datetime.datetime(9999, 12, 31, 23, 30, tzinfo=UTC),
        ),
    ],
)
def test_an_event_that_cannot_be_expressed_is_left_out_of_feeds_and_pages(
    client, home, member, start, end, frozen_time
):
    # On the frozen date the ordinary event (a week ahead) is in this month's calendar.
    ordinary = EventFactory(title="Klub baca", partners=[member.institution])
    broken = EventFactory(title="Pesta rusak", slug="pesta-rusak", partners=[member.institution])
    _push_to_the_edge(broken, start=start, end=end)
    for url in _public_feeds(broken):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _uids(response) == {ordinary.uid}, url
    for url in (
        reverse("events:event-list"),
        reverse("events:event-month"),
        reverse("events:event-archive"),
        "/",
        reverse("partners:detail", kwargs={"slug": member.institution.slug}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Klub baca" in response.text or url == reverse("events:event-archive"), url
    assert client.get(broken.get_absolute_url()).status_code in (200, 404)
    assert client.get(reverse("events:event-ics", kwargs={"slug": "pesta-rusak"})).status_code in (
        200,
        404,
    )
    client.force_login(member.user)
    dashboard = client.get(
        reverse("partners:dashboard-institution", kwargs={"slug": member.institution.slug})
    )
    assert dashboard.status_code == 200
    assert "Klub baca" in dashboard.text


def test_the_private_feed_survives_a_far_future_event_and_visit(client, home, member):
    from tests.factories.visits import ScheduledVisitFactory
    from visits.models import VisitRequest

    ours = EventFactory(title="Rapat", partners=[member.institution], is_public=False)
    far = EventFactory(title="Jauh", partners=[member.institution], is_public=False)
    _push_to_the_edge(
        far,
        start=datetime.datetime(9999, 12, 31, 20, tzinfo=UTC),
        end=datetime.datetime(9999, 12, 31, 22, tzinfo=UTC),
    )
    visit = ScheduledVisitFactory(
        institution=member.institution,
        scheduled_start=datetime.datetime(9999, 12, 31, 9, tzinfo=WIB),
        scheduled_end=datetime.datetime(9999, 12, 31, 11, tzinfo=WIB),
    )
    # Its time in the venue's zone would be in year 10000.
    beyond = ScheduledVisitFactory(institution=member.institution)
    edge = (
        datetime.datetime(9999, 12, 31, 20, tzinfo=UTC),
        datetime.datetime(9999, 12, 31, 22, tzinfo=UTC),
    )
    VisitRequest.objects.filter(pk=beyond.pk).update(
        scheduled_start=edge[0], scheduled_end=edge[1], blocked_start=edge[0], blocked_end=edge[1]
    )
    client.force_login(member.user)
    client.post(reverse("events:my-calendar"))
    feed_url = client.get(reverse("events:my-calendar")).context["feed_url"]
    response = client.get(feed_url.replace("http://testserver", ""))
    assert response.status_code == 200
    uids = _uids(response)
    assert ours.uid in uids
    assert visit.ical_uid in uids
    assert far.uid not in uids
    assert beyond.ical_uid not in uids


@pytest.fixture
def staff_client(client, home):
    client.force_login(UserFactory(groups=[Group.objects.get(name="Cooperation staff")]))
    return client


@pytest.mark.parametrize(
    "start, end, message",
    [
        ("9999-12-30 09:00", "9999-12-30 11:00", "tahun"),
        ("1999-12-31 09:00", "1999-12-31 11:00", "tahun"),
        ("2027-01-09 09:00", "9999-01-09 11:00", "tahun"),
    ],
)
def test_the_admin_form_keeps_dates_to_a_sensible_window(
    staff_client, start, end, message, frozen_time
):
    from tests.events.test_admin import _form_data

    response = staff_client.post(
        reverse("shared_events:add"), _form_data(start=start, end=end), follow=True
    )
    assert response.status_code == 200
    assert not Event.objects.exists()
    text = response.content.decode()
    assert f"antara tahun 2000 dan {timezone.localdate().year + 10}" in text
    assert message in text


def test_staff_can_still_list_and_open_an_event_with_dates_beyond_year_9999(staff_client):
    broken = EventFactory(title="Pesta rusak")
    _push_to_the_edge(
        broken,
        start=datetime.datetime(9999, 12, 31, 20, tzinfo=UTC),
        end=datetime.datetime(9999, 12, 31, 22, tzinfo=UTC),
    )
    listing = staff_client.get(reverse("shared_events:index"))
    assert listing.status_code == 200
    assert "Pesta rusak" in listing.text
    assert "9999-12-31 20:00 UTC" in listing.text
    edit = staff_client.get(reverse("shared_events:edit", args=[broken.pk]))
    assert edit.status_code == 200
    assert "Pesta rusak" in edit.text
    inspect = staff_client.get(reverse("shared_events:inspect", args=[broken.pk]))
    assert inspect.status_code == 200
    assert "9999-12-31 22:00 UTC" in inspect.text
    export = staff_client.get(reverse("shared_events:index") + "?export=csv")
    assert export.status_code == 200
    assert "Pesta rusak" in b"".join(export.streaming_content).decode()
