import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from tests.factories.files import pdf_bytes

pytestmark = pytest.mark.django_db


def test_no_document_type_is_served_inline():
    assert "application/pdf" not in settings.WAGTAILDOCS_INLINE_CONTENT_TYPES


def test_a_public_pdf_document_downloads_as_an_attachment(client):
    document = Document.objects.create(
        title="Laporan tahunan", file=ContentFile(pdf_bytes(), name="laporan.pdf")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "laporan.pdf" in response["Content-Disposition"]
