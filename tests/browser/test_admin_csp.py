"""The Wagtail admin works under its Content-Security-Policy."""

import pytest
from wagtail.models import Page

from tests.factories.portal import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_dashboard_editor_and_preview_work_under_the_admin_policy(page, live_server, home):
    admin = UserFactory(is_superuser=True, is_staff=True)
    page.goto(live_server.url + "/admin/")
    page.locator("#id_login").fill(admin.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    response = page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    # The editor's JavaScript ran: the title field is rendered and editable.
    title = page.locator("#id_title")
    title.fill("Beranda baru")
    assert title.input_value() == "Beranda baru"
    assert Page.objects.get(pk=home.pk).title != "Beranda baru"  # nothing saved yet
