import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from portal.models import AuditEvent, ConsentPurpose
from tests.factories import UserFactory
from tests.factories.privacy import ConsentRecordFactory, PrivacyNoticeFactory

pytestmark = pytest.mark.django_db

GIVEN_AT = datetime.datetime(2025, 3, 4, 2, 30, tzinfo=datetime.UTC)  # 09:30 in Jakarta


@pytest.fixture
def admin_client(client, home):
    ConsentRecordFactory(
        user__email="rina@poltekes.example",
        user__full_name="Rina Pustakawan",
        notice=PrivacyNoticeFactory(version="2025.7"),
        purpose=ConsentPurpose.VISIT_REQUEST,
        given_at=GIVEN_AT,
    )
    client.force_login(UserFactory(groups=[Group.objects.get(name="Administrators")]))
    return client


def _download(client, export_format):
    response = client.get("/admin/consents/", {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_consent_register_downloads_as_csv(admin_client):
    rows = list(csv.reader(io.StringIO(_download(admin_client, "csv").decode("utf-8-sig"))))

    assert rows == [
        ["Surel", "Nama", "Keperluan", "Versi pemberitahuan", "Diberikan pada"],
        [
            "rina@poltekes.example",
            "Rina Pustakawan",
            "Permintaan kunjungan studi",
            "2025.7",
            "2025-03-04 09:30:00",
        ],
    ]
    assert AuditEvent.objects.get(action="export.consentrecord").details["format"] == "csv"


def test_consent_register_downloads_as_xlsx(admin_client):
    sheet = load_workbook(io.BytesIO(_download(admin_client, "xlsx"))).active

    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Surel", "Nama", "Keperluan", "Versi pemberitahuan", "Diberikan pada"],
        [
            "rina@poltekes.example",
            "Rina Pustakawan",
            "Permintaan kunjungan studi",
            "2025.7",
            datetime.datetime(2025, 3, 4, 9, 30),
        ],
    ]
    assert AuditEvent.objects.get(action="export.consentrecord").details["format"] == "xlsx"
