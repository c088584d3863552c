"""Upload fixtures built locally: a real one-page PDF and impostors."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text_pages=1):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(text_pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="surat.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def fake_pdf_upload(name="surat.pdf"):
    """A PNG renamed to .pdf."""
    return SimpleUploadedFile(
        name, b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="application/pdf"
    )
