"""The staff's queue of visit requests: what each row shows, how it sorts and
filters (state, age, preferred dates, venue, handler), and who handles what."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.visits import VenueFactory, VisitRequestFactory, weekday_after, wib
from visits.choices import VisitState
from visits.services import office, workflow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

QUEUE = reverse("visit_requests:index")


def _rows(response):
    content = response.content.decode()
    if '<table class="listing' not in content:
        return []
    body = content.split('<table class="listing', 1)[1].split("<tbody", 1)[1]
    body = body.split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr\b.*?</tr>", body, flags=re.S)
    ]


def _references(response):
    return [re.search(r"KB-\d{4}-\d{5}", row).group(0) for row in _rows(response)]


@pytest.fixture
def colleague(db):
    return UserFactory(
        full_name="Rudi Hartono", groups=[Group.objects.get(name="Cooperation staff")]
    )


def test_a_row_shows_state_age_preferred_times_venue_and_handler(staff_client, staff_user, venue):
    day = weekday_after(21)
    visit = VisitRequestFactory(
        venue=venue,
        slots=[(wib(day, 9), wib(day, 11)), (wib(day, 13), wib(day, 15))],
        created_at=timezone.now() - datetime.timedelta(days=5),
        handled_by=staff_user,
    )
    [row] = _rows(staff_client.get(QUEUE))
    assert visit.reference in row
    assert "Diajukan" in row  # state
    assert "5 hari" in row  # age
    assert "Selasa, 22 Desember 2026, 09.00–11.00 WIB (+1 lainnya)" in row
    assert "Open Library Telkom University" in row
    assert "Dewi Kartika" in row


def test_an_unassigned_request_says_so(staff_client):
    VisitRequestFactory()
    [row] = _rows(staff_client.get(QUEUE))
    assert "Belum ditangani" in row


def test_the_queue_filters_mine_unassigned_and_by_colleague(staff_client, staff_user, colleague):
    mine = VisitRequestFactory(handled_by=staff_user)
    theirs = VisitRequestFactory(handled_by=colleague)
    nobodys = VisitRequestFactory()
    assert _references(staff_client.get(QUEUE, {"handled_by": "mine"})) == [mine.reference]
    assert _references(staff_client.get(QUEUE, {"handled_by": "unassigned"})) == [nobodys.reference]
    assert _references(staff_client.get(QUEUE, {"handled_by": str(colleague.pk)})) == [
        theirs.reference
    ]


def test_the_queue_filters_on_age_venue_state_and_preferred_date(staff_client, venue):
    now = timezone.now()
    other_venue = VenueFactory(name="Perpustakaan Banjarmasin", time_zone="Asia/Makassar")
    old = VisitRequestFactory(venue=venue, created_at=now - datetime.timedelta(days=10))
    new = VisitRequestFactory(venue=other_venue, created_at=now - datetime.timedelta(days=1))
    decided = VisitRequestFactory(
        state=VisitState.DECLINED, created_at=now - datetime.timedelta(days=20)
    )
    late = weekday_after(60)
    later = VisitRequestFactory(slots=[(wib(late, 9), wib(late, 11))])

    assert _references(staff_client.get(QUEUE, {"waiting": "7"})) == [old.reference]
    assert _references(staff_client.get(QUEUE, {"venue": other_venue.pk})) == [new.reference]
    assert _references(staff_client.get(QUEUE, {"state": "declined"})) == [decided.reference]
    response = staff_client.get(
        QUEUE, {"preferred_from": (late - datetime.timedelta(days=1)).isoformat()}
    )
    assert _references(response) == [later.reference]


@pytest.mark.parametrize("value", ["kemarin", "-1", "999999999999999999999", "<b>"])
def test_nonsense_in_the_filters_is_not_an_error(staff_client, value):
    VisitRequestFactory()
    for name in ("handled_by", "waiting", "venue", "state", "preferred_from", "ordering"):
        # A huge number is "no such page" (portal.request_limits), never an error.
        assert staff_client.get(QUEUE, {name: value}).status_code in (200, 404)


def test_the_queue_sorts_on_preferred_time_venue_handler_and_state(
    staff_client, staff_user, colleague
):
    early, late = weekday_after(21), weekday_after(35)
    first = VisitRequestFactory(
        slots=[(wib(late, 9), wib(late, 11))],
        venue=VenueFactory(name="B Ruang"),
        handled_by=colleague,
        state=VisitState.UNDER_REVIEW,
    )
    second = VisitRequestFactory(
        slots=[(wib(early, 9), wib(early, 11))],
        venue=VenueFactory(name="A Ruang"),
        handled_by=staff_user,
    )
    assert _references(staff_client.get(QUEUE, {"ordering": "first_preferred"})) == [
        second.reference,
        first.reference,
    ]
    assert _references(staff_client.get(QUEUE, {"ordering": "-first_preferred"})) == [
        first.reference,
        second.reference,
    ]
    assert _references(staff_client.get(QUEUE, {"ordering": "venue__name"})) == [
        second.reference,
        first.reference,
    ]
    assert _references(staff_client.get(QUEUE, {"ordering": "handled_by__full_name"})) == [
        second.reference,  # Dewi before Rudi
        first.reference,
    ]
    assert _references(staff_client.get(QUEUE, {"ordering": "-state"})) == [
        first.reference,  # under_review after submitted
        second.reference,
    ]


def test_the_queue_needs_a_fixed_number_of_queries(
    staff_client, staff_user, django_assert_max_num_queries
):
    for _ in range(3):
        VisitRequestFactory(handled_by=staff_user, venue=VenueFactory())
    with django_assert_max_num_queries(40) as few:
        staff_client.get(QUEUE)
    for _ in range(12):
        VisitRequestFactory(handled_by=staff_user, venue=VenueFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(QUEUE)


def _seen(page, prefix):
    return re.search(rf'name="{prefix}-seen" value="([^"]+)"', page).group(1)


def test_staff_take_a_request_from_its_page_and_it_is_audited(staff_client, staff_user):
    visit = VisitRequestFactory()
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])).text
    assert "Belum ada yang menangani permohonan ini." in page
    response = staff_client.post(
        reverse("visit_requests:assign", args=[visit.pk]),
        {"assign-seen": _seen(page, "assign"), "assign-handler": staff_user.pk},
        follow=True,
    )
    visit.refresh_from_db()
    assert visit.handled_by == staff_user
    assert f"{visit.reference} kini ditangani oleh Dewi Kartika." in response.text
    event = AuditEvent.objects.get(action="visit_request.assign")
    assert event.details["handler"] == "Dewi Kartika"


def test_a_stale_page_does_not_take_a_request_a_colleague_took(staff_client, staff_user, colleague):
    visit = VisitRequestFactory()
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])).text
    office.visit_request_assign(
        visit=visit, actor=colleague, handler=colleague, expected_version=workflow.version(visit)
    )
    response = staff_client.post(
        reverse("visit_requests:assign", args=[visit.pk]),
        {"assign-seen": _seen(page, "assign"), "assign-handler": staff_user.pk},
        follow=True,
    )
    visit.refresh_from_db()
    assert visit.handled_by == colleague
    assert "Tidak ada yang dilakukan" in response.text


def test_only_staff_can_handle_a_request(staff_user, member_a):
    visit = VisitRequestFactory()
    with pytest.raises(office.NotVisitStaff):
        office.visit_request_assign(visit=visit, actor=staff_user, handler=member_a)
    visit.refresh_from_db()
    assert visit.handled_by is None


def test_a_handler_that_is_not_staff_is_refused_with_a_message(staff_client, member_a):
    visit = VisitRequestFactory()
    page = staff_client.get(reverse("visit_requests:inspect", args=[visit.pk])).text
    response = staff_client.post(
        reverse("visit_requests:assign", args=[visit.pk]),
        {"assign-seen": _seen(page, "assign"), "assign-handler": member_a.pk},
        follow=True,
    )
    assert response.status_code == 200
    visit.refresh_from_db()
    assert visit.handled_by is None


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_the_queue_s_add_button_leads_to_booking_on_behalf(client, staff_user, who):
    """Not to a refusal: "Add" records a request for a partner who phoned or wrote."""
    user = staff_user if who == "staff" else UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    add_url = reverse("visit_requests:add")
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert f'href="{add_url}' in response.text
    assert client.get(add_url).status_code == 200


def test_readers_without_review_rights_get_no_add_button(client, db):
    from django.contrib.auth.models import Permission

    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="view_visitrequest"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(reader)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert reverse("visit_requests:add") not in response.text


def _filter_options(response, name):
    select = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


def test_the_institution_filter_offers_an_institution_from_its_first_request(staff_client):
    first = VisitRequestFactory(institution__name="Perpustakaan Alfa")
    assert "Perpustakaan Alfa" in _filter_options(staff_client.get(QUEUE), "institution")

    later = VisitRequestFactory(institution__name="Perpustakaan Beta")  # the lists are kept
    response = staff_client.get(QUEUE)
    assert "Perpustakaan Beta" in _filter_options(response, "institution")
    chosen = staff_client.get(QUEUE, {"institution": later.institution.pk})
    assert _references(chosen) == [later.reference]
    assert first.reference not in _references(chosen)
