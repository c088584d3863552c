"""Staff calendar feeds: a private, revocable iCalendar link to the visits a
staff member hosts or handles, and one per venue."""

import re

import icalendar
import pytest
import vobject
from django.urls import reverse

from tests.factories.visits import ScheduledVisitFactory, VenueFactory, VisitRequestFactory
from visits.choices import VisitState
from visits.models import StaffCalendarToken

pytestmark = pytest.mark.django_db

PAGE = reverse("visit_calendars:index")


def _make_link(client, feed):
    response = client.post(PAGE, {"feed": feed, "action": "issue"})
    assert response.status_code == 302
    page = client.get(PAGE).text
    [url] = re.findall(r'value="(http[^"]+\.ics)"', page)
    return url.removeprefix("http://testserver"), page


def _uids(content):
    return sorted(
        str(event["UID"]) for event in icalendar.Calendar.from_ical(content).walk("VEVENT")
    )


def test_a_staff_member_subscribes_to_the_visits_they_host_or_handle(
    staff_client, staff_user, client
):
    hosted = ScheduledVisitFactory(host_staff=staff_user)
    handled = ScheduledVisitFactory(handled_by=staff_user)
    ScheduledVisitFactory()  # someone else's
    VisitRequestFactory(handled_by=staff_user)  # not scheduled yet

    url, page = _make_link(staff_client, "own")
    assert "hanya ditampilkan sekali" in page
    # Shown once: the next visit of the page no longer has it.
    assert url not in staff_client.get(PAGE).text

    client.logout()  # calendar apps do not sign in
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    assert _uids(response.content) == sorted([hosted.ical_uid, handled.ical_uid])
    card = vobject.readOne(response.content.decode())
    assert card.x_wr_calname.value == "Kunjungan studi saya"
    assert card.x_wr_caldesc.value == "Kunjungan studi terjadwal yang Anda sambut atau tangani."
    assert reverse("visit_requests:inspect", args=[hosted.pk]) in response.content.decode()


def test_a_venue_feed_holds_that_venue_s_visits_in_its_zone(staff_client):
    makassar = VenueFactory(name="Perpustakaan Makassar", time_zone="Asia/Makassar")
    there = ScheduledVisitFactory(venue=makassar)
    ScheduledVisitFactory()  # another venue
    url, _page = _make_link(staff_client, str(makassar.pk))
    content = staff_client.get(url).content
    assert _uids(content) == [there.ical_uid]
    assert b"DTSTART;TZID=Asia/Makassar:" in content
    assert "Perpustakaan Makassar" in vobject.readOne(content.decode()).x_wr_calname.value


def test_a_new_link_stops_the_old_one_and_revoking_stops_it(staff_client, staff_user):
    ScheduledVisitFactory(host_staff=staff_user)
    first, _page = _make_link(staff_client, "own")
    second, _page = _make_link(staff_client, "own")
    assert staff_client.get(first).status_code == 404
    assert staff_client.get(second).status_code == 200
    assert StaffCalendarToken.objects.filter(user=staff_user).count() == 1

    response = staff_client.post(PAGE, {"feed": "own", "action": "revoke"}, follow=True)
    assert "Tautan dicabut" in response.text
    assert staff_client.get(second).status_code == 404


def test_the_link_stops_when_its_owner_is_no_longer_staff(staff_client, staff_user, client):
    url, _page = _make_link(staff_client, "own")
    staff_user.groups.clear()
    client.logout()
    response = client.get(url)
    assert response.status_code == 403
    assert "bukan lagi staf kerja sama" in response.content.decode()


def test_cancelled_visits_stay_in_the_feed_so_calendars_drop_them(staff_client, staff_user):
    cancelled = ScheduledVisitFactory(host_staff=staff_user, state=VisitState.CANCELLED)
    url, _page = _make_link(staff_client, "own")
    [event] = icalendar.Calendar.from_ical(staff_client.get(url).content).walk("VEVENT")
    assert str(event["UID"]) == cancelled.ical_uid
    assert event["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("token", ["x", "a" * 43, "../../etc/passwd" + "a" * 27])
def test_a_wrong_token_is_not_found(client, token):
    response = client.get(f"/kunjungan/kalender-staf/{token}.ics")
    assert response.status_code == 404


def test_partners_and_readers_cannot_make_links(client, member_a):
    client.force_login(member_a)
    assert client.get(PAGE).status_code in (302, 403)
    assert client.post(PAGE, {"feed": "own", "action": "issue"}).status_code in (302, 403)
    assert not StaffCalendarToken.objects.exists()


@pytest.mark.parametrize("feed", ["", "999999", "abc"])
def test_nonsense_feed_is_not_an_error(staff_client, feed):
    assert staff_client.post(PAGE, {"feed": feed, "action": "issue"}).status_code == 404
    assert not StaffCalendarToken.objects.exists()


def test_the_page_in_english(staff_user, client):
    staff_user.preferred_language = "en"
    staff_user.save()
    client.force_login(staff_user)
    page = client.get(PAGE).text
    assert "Visit calendar links" in page
    assert "My visits (those I host or handle)" in page
    assert "Make a link" in page
