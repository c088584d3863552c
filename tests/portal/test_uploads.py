import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import validate_pdf
from tests.factories.files import fake_pdf_upload, pdf_bytes, pdf_upload


def test_a_real_pdf_passes_and_stays_readable_from_the_start():
    upload = pdf_upload()
    validate_pdf(upload)
    assert upload.read(5) == b"%PDF-"


def test_a_renamed_image_is_refused_by_content():
    with pytest.raises(ValidationError) as caught:
        validate_pdf(fake_pdf_upload())
    assert caught.value.code == "not_pdf"


def test_a_pdf_under_another_name_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_pdf(SimpleUploadedFile("surat.exe", pdf_bytes()))
    assert caught.value.code == "not_pdf"


def test_a_truncated_pdf_is_refused_with_a_clear_message():
    broken = SimpleUploadedFile("surat.pdf", b"%PDF-1.7\n" + b"garbage" * 50)
    with pytest.raises(ValidationError) as caught:
        validate_pdf(broken)
    assert caught.value.code == "pdf_unreadable"


def test_size_limit_names_both_sizes(settings):
    settings.PORTAL_MAX_PDF_MB = 1
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10))
    with pytest.raises(ValidationError) as caught:
        validate_pdf(big)
    assert caught.value.code == "file_too_large"
    assert "1,0" in str(caught.value) or "1.0" in str(caught.value)
