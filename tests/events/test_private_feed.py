import logging

import icalendar
import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail import hooks

from partners.events.models import CalendarToken
from partners.events.services import calendar_token_issue
from portal import extensions
from portal.utils.logging import MaskCalendarTokens
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(home):
    membership = MembershipFactory()
    return membership.user, membership.institution


def _make_link(client):
    made = client.post(reverse("events:my-calendar"))
    assert made.status_code == 302
    assert made["Location"] == reverse("events:my-calendar")
    response = client.get(made["Location"])
    assert response.status_code == 200
    return response.context["feed_url"], response


def test_my_calendar_needs_sign_in(client, home):
    response = client.get(reverse("events:my-calendar"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_member_sees_the_link_once_and_only_a_hash_is_stored(client, member):
    user, _institution = member
    client.force_login(user)
    url, response = _make_link(client)
    token = url.rsplit("/", 1)[-1].removesuffix(".ics")
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    stored = CalendarToken.objects.get(user=user)
    assert stored.token_hash != token and token not in stored.token_hash
    assert stored.token_hash == CalendarToken.hash(token)
    again = client.get(reverse("events:my-calendar"))
    assert token not in again.text
    assert "webcal://" in response.text


def test_private_feed_holds_the_institutions_events_only(client, member):
    user, institution = member
    ours = EventFactory(partners=[institution], title="Rapat internal", is_public=False)
    theirs = EventFactory(partners=[InstitutionFactory()], title="Acara mitra lain")
    client.force_login(user)
    url, _response = _make_link(client)
    client.logout()
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = {str(event["UID"]) for event in calendar.events}
    assert ours.uid in uids
    assert theirs.uid not in uids


def test_other_features_add_items_through_the_hook(client, member):
    import datetime

    from portal.calendars import CalendarItem

    user, institution = member

    def visits(user, institutions):
        assert institution in institutions
        start = datetime.datetime(2027, 3, 26, 2, tzinfo=datetime.UTC)
        return [
            CalendarItem(
                uid="visit-1@mitra.example",
                summary="Studi banding",
                start=start,
                end=start + datetime.timedelta(hours=3),
                time_zone="Asia/Makassar",
                sequence=0,
                last_modified=start,
            )
        ]

    client.force_login(user)
    url, _response = _make_link(client)
    with hooks.register_temporarily(extensions.private_calendar_items.name, visits):
        response = client.get(url.replace("http://testserver", ""))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "visit-1@mitra.example" in {str(event["UID"]) for event in calendar.events}


def test_regenerating_stops_the_old_link_at_once(client, member):
    user, _institution = member
    client.force_login(user)
    old, _response = _make_link(client)
    new, _response = _make_link(client)
    assert old != new
    assert client.get(old.replace("http://testserver", "")).status_code == 404
    assert client.get(new.replace("http://testserver", "")).status_code == 200


def test_a_deactivated_user_loses_the_feed(client, member):
    user, _institution = member
    client.force_login(user)
    url, _response = _make_link(client)
    user.is_active = False
    user.save()
    assert client.get(url.replace("http://testserver", "")).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 43, "../../etc/passwd", "%00" * 20, "A" * 500, "ü" * 43, "-" * 43],
)
def test_unknown_or_malformed_tokens_are_404(client, home, token):
    response = client.get(f"/kalender/{token}.ics")
    assert response.status_code == 404


def test_a_token_never_reaches_the_log(client, home, caplog):
    token = "Z" * 43
    logger = logging.getLogger("django.request")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/kalender/{token}.ics")
    assert caplog.records, "Django logs the 404"
    for record in caplog.records:
        # Filters on the logger ran before the record reached any handler.
        assert token not in record.getMessage()
        assert token not in str(getattr(record, "request", ""))
    assert any(isinstance(f, MaskCalendarTokens) for f in logger.filters)


def test_the_filter_masks_message_arguments_and_requests():
    token = "abcDEF123_-" * 3
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /en/kalender/{token}.ics HTTP/1.1", 200, 12),
        None,
    )
    MaskCalendarTokens().filter(record)
    assert token not in record.getMessage()
    assert "/en/kalender/[token]" in record.getMessage()


def test_another_institutions_member_cannot_use_the_page_to_see_foreign_events(client, home):
    mine = MembershipFactory()
    foreign = EventFactory(partners=[InstitutionFactory()], is_public=False, title="Rahasia B")
    client.force_login(mine.user)
    url, _response = _make_link(client)
    response = client.get(url.replace("http://testserver", ""))
    assert foreign.uid.encode() not in response.content
    assert b"Rahasia B" not in response.content
    # The event page of a non-public event does not exist for anyone.
    assert client.get(foreign.get_absolute_url()).status_code == 404


def test_the_institution_dashboard_lists_its_events_and_the_calendar_link(client, member):
    user, institution = member
    EventFactory(partners=[institution], title="Rapat persiapan", is_public=False)
    EventFactory(partners=[InstitutionFactory()], title="Acara institusi lain")
    client.force_login(user)
    response = client.get(
        reverse("partners:dashboard-institution", kwargs={"slug": institution.slug})
    )
    assert response.status_code == 200
    assert "Rapat persiapan" in response.text
    assert "Acara institusi lain" not in response.text
    assert reverse("events:my-calendar") in response.text


def test_the_new_link_never_travels_in_a_url_and_is_shown_once(client, member):
    user, _institution = member
    client.force_login(user)
    made = client.post(reverse("events:my-calendar"))
    token = client.session["events:new-calendar-token"]
    assert token not in made["Location"]
    # A HEAD request (a link checker, a prefetch) does not use up the one display.
    assert client.head(made["Location"]).status_code == 200
    shown = client.get(made["Location"])
    assert f"/kalender/{token}.ics" in shown.text
    assert "Salin sekarang" in shown.text
    again = client.get(made["Location"])
    assert token not in again.text
    assert "events:new-calendar-token" not in client.session


def test_the_page_keeps_referrers_same_origin_so_its_forms_pass_the_csrf_check(member):
    from django.test import Client

    user, _institution = member
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = browser.get(reverse("events:my-calendar"))
    assert page["Referrer-Policy"] == "same-origin"
    csrf = page.context["csrf_token"]
    # What a browser sends under "same-origin": the page's own origin.
    made = browser.post(
        reverse("events:my-calendar"),
        {"csrfmiddlewaretoken": str(csrf)},
        HTTP_ORIGIN="http://testserver",
    )
    assert made.status_code == 302
    assert "Salin sekarang" in browser.get(made["Location"]).text


def test_a_link_replaced_meanwhile_is_not_shown(client, member):
    user, _institution = member
    client.force_login(user)
    client.post(reverse("events:my-calendar"))
    calendar_token_issue(user=user)  # another tab made a newer one
    page = client.get(reverse("events:my-calendar"))
    assert "feed_url" not in page.context
    assert "Anda membuat tautan pribadi pada" in page.text


def test_someone_without_an_active_membership_gets_no_link(client, home):
    from tests.factories.portal import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("events:my-calendar"))
    assert "Buat tautan pribadi saya" not in page.text
    made = client.post(reverse("events:my-calendar"), follow=True)
    assert not CalendarToken.objects.exists()
    assert "Hanya anggota aktif" in made.text


def _feed_of(client, user):
    client.force_login(user)
    url, _response = _make_link(client)
    client.logout()
    return url.replace("http://testserver", "")


def test_a_revoked_members_feed_is_refused(client, member):
    from partners.models import Membership

    user, institution = member
    EventFactory(partners=[institution], title="Rapat internal", is_public=False)
    path = _feed_of(client, user)
    assert b"Rapat internal" in client.get(path).content
    Membership.objects.filter(user=user).update(state=Membership.State.REVOKED)
    response = client.get(path)
    assert response.status_code == 403
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert "tidak lagi berlaku" in response.text
    assert "Rapat internal" not in response.text


def test_the_feed_of_a_member_of_an_archived_institution_is_refused(client, member):
    from django.utils import timezone

    user, institution = member
    EventFactory(partners=[institution], title="Rapat internal", is_public=False)
    path = _feed_of(client, user)
    institution.archived_at = timezone.now()
    institution.save(update_fields=["archived_at"])
    response = client.get(path)
    assert response.status_code == 403
    assert "Rapat internal" not in response.text


def test_a_member_of_two_keeps_the_feed_of_the_one_not_archived(client, member):
    from django.utils import timezone

    user, institution = member
    other = MembershipFactory(user=user).institution
    EventFactory(partners=[institution], title="Acara lama", is_public=False)
    EventFactory(partners=[other], title="Acara aktif", is_public=False)
    path = _feed_of(client, user)
    institution.archived_at = timezone.now()
    institution.save(update_fields=["archived_at"])
    response = client.get(path)
    assert response.status_code == 200
    assert b"Acara aktif" in response.content
    assert b"Acara lama" not in response.content


def test_the_private_feed_answers_head_like_get_without_a_body(client, member):
    user, _institution = member
    path = _feed_of(client, user)
    response = client.head(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b""
