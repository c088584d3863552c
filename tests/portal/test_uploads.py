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


HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def test_an_html_page_with_a_pdf_appended_is_refused():
    polyglot = SimpleUploadedFile("surat.pdf", HTML_PAGE + pdf_bytes())
    with pytest.raises(ValidationError) as caught:
        validate_pdf(polyglot)
    assert caught.value.code == "not_pdf"
    assert "bukan dokumen PDF" in caught.value.messages[0]


def test_a_pdf_whose_objects_are_not_where_its_index_says_is_refused():
    # "%PDF-" opens the file, but an HTML page pushed every object away from
    # the offsets of the cross-reference table: only a repairing parser reads it.
    original = pdf_bytes()
    header, rest = original.split(b"\n", 1)
    shifted = SimpleUploadedFile("surat.pdf", header + b"\n%" + HTML_PAGE + rest)
    with pytest.raises(ValidationError) as caught:
        validate_pdf(shifted)
    assert caught.value.code == "pdf_unreadable"


def test_an_agreement_document_is_held_to_the_same_check():
    from partners.models import AgreementDocument

    validators = AgreementDocument._meta.get_field("file").validators
    polyglot = SimpleUploadedFile("mou.pdf", HTML_PAGE + pdf_bytes())
    with pytest.raises(ValidationError):
        for validator in validators:
            validator(polyglot)
