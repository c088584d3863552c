"""A signed-in page does not ask the database for the user's permissions
each time (portal.access.CachedPermissionsBackend), and a change of groups
or permissions is seen on the very next page (issue 17)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.access import user_has_staff_access
from portal.models import User
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LINK = 'href="/admin/"'


def page(client):
    response = client.get("/en/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def member(client, home):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_members_second_page_reads_no_permission(client, member):
    assert member.get_full_name() in page(client)  # signed in
    with CaptureQueriesContext(connection) as queries:
        html = page(client)
    assert ADMIN_LINK not in html
    assert "Sign out" in html
    assert not [query for query in queries if "auth_permission" in query["sql"]]


def test_joining_a_staff_group_shows_the_admin_link_on_the_next_page(client, member):
    assert ADMIN_LINK not in page(client)
    member.groups.add(Group.objects.get(name="Editors"))
    assert ADMIN_LINK in page(client)
    assert user_has_staff_access(User.objects.get(pk=member.pk))


def test_leaving_the_group_hides_it_again(client, member):
    editors = Group.objects.get(name="Editors")
    member.groups.add(editors)
    assert ADMIN_LINK in page(client)
    editors.user_set.remove(member)
    assert ADMIN_LINK not in page(client)
    assert not user_has_staff_access(User.objects.get(pk=member.pk))


def test_a_group_that_loses_the_admin_permission_loses_the_link(client, member):
    writers = Group.objects.get(name="Writers")
    member.groups.add(writers)
    assert ADMIN_LINK in page(client)
    writers.permissions.remove(Permission.objects.get(codename="access_admin"))
    assert ADMIN_LINK not in page(client)


def test_a_permission_given_to_the_user_alone_counts_at_once(client, member):
    page(client)
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert ADMIN_LINK in page(client)


def test_the_admin_reads_the_staff_members_profile_with_the_user(client, home):
    """The admin's language comes from the Wagtail profile: read in the same
    query as the signed-in user, and a profile made later is seen at once."""
    from wagtail.users.models import UserProfile

    staff = UserFactory()
    staff.groups.add(Group.objects.get(name="Editors"))
    client.force_login(staff)
    UserProfile.objects.create(user=staff, preferred_language="en")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert not [query for query in queries if 'FROM "wagtailusers_userprofile"' in query["sql"]]

    UserProfile.objects.filter(user=staff).update(preferred_language="id")
    assert 'lang="id"' in client.get("/admin/").content.decode()
