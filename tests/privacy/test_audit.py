import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from portal import audit
from portal.models import AuditEvent, User
from tests.factories import UserFactory
from tests.factories.privacy import AuditEventFactory

pytestmark = pytest.mark.django_db


def _request(user=None, **meta):
    request = RequestFactory().get("/", **meta)
    request.user = user or AnonymousUser()
    return request


def _admin(group="Administrators"):
    return UserFactory(groups=[Group.objects.get(name=group)])


def test_record_keeps_who_what_which_and_where():
    staff = UserFactory(full_name="Iram Sari", email="iram@example.org")
    partner = UserFactory(email="target@example.org")

    event = audit.record(
        staff,
        "agreement_document.download",
        target=partner,
        request=_request(staff, REMOTE_ADDR="203.0.113.7"),
        document="mou.pdf",
        day=date(2024, 3, 26),
    )

    event.refresh_from_db()
    assert event.actor == staff
    assert event.actor_label == "Iram Sari <iram@example.org>"
    assert event.action == "agreement_document.download"
    assert event.target_content_type == ContentType.objects.get_for_model(User)
    assert event.target_object_id == str(partner.pk)
    assert event.target_repr == str(partner)
    assert event.details == {"document": "mou.pdf", "day": "2024-03-26"}
    assert event.ip == "203.0.113.7"


def test_record_takes_the_actor_from_the_request_and_accepts_anyone():
    staff = UserFactory()
    assert audit.record(None, "export.visits", request=_request(staff)).actor == staff

    system = audit.record(None, "retention.purge", counts={"visits": 3})
    assert system.actor is None
    assert system.actor_label == ""
    assert system.ip is None

    anonymous = audit.record(AnonymousUser(), "feed.fetch", request=_request())
    assert anonymous.actor is None


def test_record_never_fails_on_awkward_input():
    class Odd:
        def __str__(self):
            return "odd thing"

    event = audit.record(
        None,
        "x" * 500,
        target="a plain label " * 50,
        request=_request(REMOTE_ADDR="not an address"),
        thing=Odd(),
        nested={"when": timezone.now(), "set": {1}},
    )

    event.refresh_from_db()
    assert len(event.action) == 100
    assert len(event.target_repr) == 255
    assert event.target_content_type is None
    assert event.ip is None
    assert event.details["thing"] == "odd thing"
    assert event.details["nested"]["set"] == "{1}"


def test_record_uses_the_client_address_behind_trusted_proxies(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2")
    assert audit.record(None, "export.visits", request=request).ip == "198.51.100.2"

    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert audit.record(None, "export.visits", request=request).ip == "127.0.0.1"


def test_audit_log_is_listed_for_administrators(client, home):
    AuditEventFactory(action="agreement_document.download", target_repr="MoU Poltekes")
    client.force_login(_admin())

    response = client.get("/admin/audit-log/")

    assert response.status_code == 200
    assert "MoU Poltekes" in response.text
    assert "agreement_document.download" in response.text
    assert "/admin/audit-log/" in client.get("/admin/").text


def test_superusers_read_the_audit_log_too(client, home):
    AuditEventFactory(target_repr="MoU Poltekes")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert "MoU Poltekes" in client.get("/admin/audit-log/").text


@pytest.mark.parametrize("group", ["Writers", "Editors", "Cooperation staff"])
def test_other_staff_do_not_see_the_audit_log(client, home, group):
    AuditEventFactory(target_repr="MoU Poltekes")
    client.force_login(_admin(group))

    response = client.get("/admin/audit-log/")

    assert response.status_code in (302, 403)
    assert "MoU Poltekes" not in response.text
    assert "/admin/audit-log/" not in client.get("/admin/").text


@pytest.mark.parametrize("user_kind", ["administrator", "superuser"])
def test_nobody_can_add_change_or_delete_audit_events(client, home, user_kind):
    event = AuditEventFactory(target_repr="MoU Poltekes")
    user = _admin() if user_kind == "administrator" else UserFactory(is_superuser=True)
    client.force_login(user)

    assert client.get("/admin/audit-log/new/").status_code in (302, 403)
    assert client.get(f"/admin/audit-log/edit/{event.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/audit-log/delete/{event.pk}/").status_code in (302, 403)
    assert AuditEvent.objects.filter(pk=event.pk, target_repr="MoU Poltekes").exists()
    assert "/admin/audit-log/new/" not in client.get("/admin/audit-log/").text


def test_inspect_shows_the_details(client, home):
    event = AuditEventFactory(details={"document": "mou-2024.pdf"}, ip="203.0.113.9")
    client.force_login(_admin())

    response = client.get(f"/admin/audit-log/inspect/{event.pk}/")

    assert response.status_code == 200
    assert "mou-2024.pdf" in response.text
    assert "203.0.113.9" in response.text


def test_filters_by_action_date_and_actor(client, home):
    staff = UserFactory(full_name="Staf Kerjasama")
    AuditEventFactory(action="export.visits", target_repr="visits-export", actor=staff)
    AuditEventFactory(action="agreement_document.download", target_repr="old-download")
    old = AuditEventFactory(action="agreement_document.download", target_repr="older-download")
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    client.force_login(_admin())

    by_action = client.get("/admin/audit-log/", {"action": "export.visits"}).text
    assert "visits-export" in by_action
    assert "old-download" not in by_action

    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    by_date = client.get("/admin/audit-log/", {"created_at_from": since}).text
    assert "old-download" in by_date
    assert "older-download" not in by_date

    by_actor = client.get("/admin/audit-log/", {"actor": staff.pk}).text
    assert "visits-export" in by_actor
    assert "old-download" not in by_actor


def test_a_malformed_filter_is_not_an_error(client, home):
    client.force_login(_admin())
    response = client.get("/admin/audit-log/", {"actor": "abc", "created_at_from": "yesterday"})
    assert response.status_code == 200


def test_listing_query_count_does_not_grow(client, home, assert_query_count_stable):
    client.force_login(_admin())
    for _ in range(2):
        AuditEventFactory(actor=UserFactory())

    def grow():
        for _ in range(15):
            AuditEventFactory(actor=UserFactory())

    assert_query_count_stable(lambda: client.get("/admin/audit-log/"), grow)


def test_csv_export_is_itself_audited(client, home):
    AuditEventFactory(action="agreement_document.download", target_repr="MoU Poltekes")
    admin = _admin()
    client.force_login(admin)

    response = client.get(
        "/admin/audit-log/", {"export": "csv", "action": "agreement_document.download"}
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][3] == "MoU Poltekes"
    export = AuditEvent.objects.get(action="export.auditevent")
    assert export.actor == admin
    assert export.details == {
        "format": "csv",
        "rows": 1,
        "filters": {"action": "agreement_document.download"},
    }


def test_xlsx_export_is_audited(client, home):
    AuditEventFactory(target_repr="MoU Poltekes")
    client.force_login(_admin())

    response = client.get("/admin/audit-log/", {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))][3] == "MoU Poltekes"
    assert AuditEvent.objects.get(action="export.auditevent").details["format"] == "xlsx"


def test_audited_export_mixin_names_the_action_after_the_model():
    from wagtail.admin.viewsets.model import ModelViewSet

    class UserExportViewSet(audit.AuditedExportMixin, ModelViewSet):
        model = User
        form_fields = ["email"]
        list_export = ["email"]

    viewset = UserExportViewSet("user_export_test")
    assert issubclass(viewset.index_view_class, audit.AuditedSpreadsheetViewMixin)
    assert viewset.index_view_class.audit_export_action == "export.user"
    json.dumps(viewset.index_view_class.audit_export_action)
