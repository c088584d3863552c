import pytest
from django.core import mail
from wagtail import hooks

from portal import extensions
from portal.models import AuditEvent, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erased():
    calls = []
    with hooks.register_temporarily(
        extensions.erase_personal_data.name, lambda user: calls.append(user.email)
    ):
        yield calls


@pytest.fixture
def staff_client(client):
    staff = UserFactory(email="admin@library.example", is_superuser=True, is_staff=True)
    client.force_login(staff)
    client.staff = staff
    return client


def test_deleting_a_user_in_the_admin_erases_them_like_self_service(
    home, staff_client, erased, django_capture_on_commit_callbacks
):
    partner = UserFactory(email="rina@library.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/users/delete/{partner.pk}/")

    assert response.status_code == 302
    assert not User.objects.filter(pk=partner.pk).exists()
    assert erased == ["rina@library.example"]
    event = AuditEvent.objects.get(action="account.delete")
    assert event.actor == staff_client.staff
    assert event.details["by"] == "staff"
    assert mail.outbox[-1].to == ["rina@library.example"]
    assert staff_client.get("/admin/").status_code == 200  # staff stay signed in


def test_bulk_deletion_in_the_admin_goes_through_the_service(home, staff_client, erased):
    first, second = UserFactory(), UserFactory()

    response = staff_client.post(
        f"/admin/bulk/portal/user/delete/?id={first.pk}&id={second.pk}", {}
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert sorted(erased) == sorted([first.email, second.email])
    assert AuditEvent.objects.filter(action="account.delete").count() == 2
