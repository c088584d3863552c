"""The admin's sidebar is kept per user (portal.admin_chrome): what a user
may open shows on their very next page, no one sees another's menu, and a
kept sidebar costs no permission queries (issue 17)."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Page
from wagtail.users.models import UserProfile

from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

PROPS = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S
)


def sidebar_labels(client, path="/admin/"):
    """The labels of every menu item the sidebar offers (sub-items too)."""
    response = client.get(path)
    assert response.status_code == 200
    found = PROPS.search(response.content.decode())
    assert found, "no sidebar on the admin page"
    text = json.loads(found.group(1))
    labels = set()

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("label"), str):
                labels.add(value["label"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(text)
    return labels, found.group(1)


def signed_in(client, *groups, language="en"):
    user = UserFactory(groups=[Group.objects.get(name=name) for name in groups])
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
    client.force_login(user)
    return user


def test_joining_cooperation_staff_adds_visit_requests_on_the_next_page(client, home):
    writer = signed_in(client, "Writers")
    labels, _ = sidebar_labels(client)
    assert "Visit requests" not in labels
    assert "Pages" in labels
    writer.groups.add(Group.objects.get(name="Cooperation staff"))
    labels, _ = sidebar_labels(client)
    assert "Visit requests" in labels
    Group.objects.get(name="Cooperation staff").user_set.remove(writer)
    assert "Visit requests" not in sidebar_labels(client)[0]


def test_each_user_sees_their_own_menu(client, home):
    from django.test import Client

    signed_in(client, "Cooperation staff")
    assert "Visit requests" in sidebar_labels(client)[0]
    other = Client()
    writer = signed_in(other, "Writers")
    labels, raw = sidebar_labels(other)
    assert "Visit requests" not in labels
    assert writer.get_username() in raw


def test_a_page_permission_given_to_a_group_shows_pages(client, home):
    group = Group.objects.create(name="Readers of the admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = signed_in(client)
    user.groups.add(group)
    assert "Pages" not in sidebar_labels(client)[0]
    GroupPagePermission.objects.create(
        group=group, page=Page.objects.get(depth=1), permission_type="change"
    )
    assert "Pages" in sidebar_labels(client)[0]


def test_the_sidebar_speaks_the_users_admin_language(client, home):
    staff = signed_in(client, "Cooperation staff", language="id")
    assert "Permohonan kunjungan" in sidebar_labels(client)[0]
    UserProfile.objects.filter(user=staff).update(preferred_language="en")
    assert "Visit requests" in sidebar_labels(client)[0]


def test_a_kept_sidebar_reads_no_permission(client, home):
    signed_in(client, "Cooperation staff")
    sidebar_labels(client, "/admin/visit_agenda/")
    with CaptureQueriesContext(connection) as queries:
        labels, _ = sidebar_labels(client, "/admin/visit_agenda/")
    assert "Visit requests" in labels
    permission_reads = [
        query["sql"]
        for query in queries
        if "grouppagepermission" in query["sql"] or "groupcollectionpermission" in query["sql"]
    ]
    assert permission_reads == []


CONFIG = re.compile(r'<script id="wagtail-config" type="application/json">(.*?)</script>', re.S)


def admin_config(client, path="/admin/visit_agenda/"):
    response = client.get(path)
    assert response.status_code == 200
    return json.loads(CONFIG.search(response.content.decode()).group(1))


def test_the_scripts_configuration_is_kept_but_each_request_gets_its_own_parts(client, home):
    staff = signed_in(client, "Cooperation staff")
    first = admin_config(client)
    with CaptureQueriesContext(connection) as queries:
        second = admin_config(client)
    assert not [query for query in queries if "wagtailcore_locale" in query["sql"]]
    assert {locale["code"] for locale in second["LOCALES"]} == {"id", "en"}
    assert second["CSRF_TOKEN"] and second["KEYBOARD_SHORTCUTS_ENABLED"] is True
    assert second["STRINGS"] == first["STRINGS"]
    # Each page gets its own token, as Django masks it afresh every time.
    assert second["CSRF_TOKEN"] != first["CSRF_TOKEN"]
    UserProfile.objects.filter(user=staff).update(keyboard_shortcuts=False)
    assert admin_config(client)["KEYBOARD_SHORTCUTS_ENABLED"] is False
