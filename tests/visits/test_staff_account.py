"""Wagtail's account page works for the portal's staff: one full name (no
first and last name to fill in), and a time-zone menu of real zone names."""

import re
import zoneinfo

import pytest
from django.urls import reverse

from tests.visits.test_staff_alerts import _account_defaults
from visits.models import AlertMode, VisitAlertPreference

pytestmark = pytest.mark.django_db


def test_staff_save_the_alert_choice_without_first_and_last_name(staff_client, staff_user):
    page = staff_client.get(reverse("wagtailadmin_account")).text
    assert 'name="name_email-first_name"' not in page
    assert 'name="full_name-full_name"' in page
    data = {**_account_defaults(staff_client), "visit_alerts-mode": "digest"}
    assert not any("first_name" in key or "last_name" in key for key in data)

    response = staff_client.post(reverse("wagtailadmin_account"), data)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("wagtailadmin_account")
    assert VisitAlertPreference.objects.get(user=staff_user).mode == AlertMode.DIGEST
    staff_user.refresh_from_db()
    assert staff_user.full_name == "Dewi Kartika"


def test_staff_change_their_full_name_on_the_account_page(staff_client, staff_user):
    data = {
        **_account_defaults(staff_client),
        "visit_alerts-mode": "immediate",
        "full_name-full_name": "Dewi Kartika Sari",
    }
    response = staff_client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.full_name == "Dewi Kartika Sari"


def test_the_e_mail_address_is_not_changed_from_the_admin(staff_client, staff_user):
    """allauth verifies a new address on the portal's account page; the admin's would not."""
    address = staff_user.email
    data = {
        **_account_defaults(staff_client),
        "visit_alerts-mode": "immediate",
        "name_email-email": "other@example.org",
    }
    assert staff_client.post(reverse("wagtailadmin_account"), data).status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.email == address


def test_the_time_zone_menu_offers_only_valid_zone_names(staff_client):
    page = staff_client.get(reverse("wagtailadmin_account")).text
    block = re.search(
        r'<select[^>]*name="locale-current_time_zone"[^>]*>(.*?)</select>', page, re.S
    )
    assert block, "the account page shows a time-zone menu"
    zones = [value for value in re.findall(r'<option value="([^"]*)"', block.group(1)) if value]
    assert "localtime" not in zones
    assert "Asia/Jakarta" in zones and "Asia/Makassar" in zones and "Asia/Jayapura" in zones
    for name in zones:
        # A name the IANA database knows as an area/location (or UTC), which
        # both Python and the browser's Intl.DateTimeFormat accept.
        assert name == "UTC" or "/" in name
        zoneinfo.ZoneInfo(name)


def test_the_menu_matches_the_portal_zones():
    from django.conf import settings

    from portal.choices import TimeZone

    assert list(settings.WAGTAIL_USER_TIME_ZONES) == list(TimeZone.values)
