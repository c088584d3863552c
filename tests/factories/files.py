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


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCX_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx_bytes(text="Draf perjanjian", *, main=DOCX_MAIN, document=None):
    """A minimal Word document (what Word needs to open it), built with zipfile."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _DOCX_TYPES.format(main=main))
        package.writestr("_rels/.rels", _DOCX_RELS)
        package.writestr(
            "word/document.xml",
            document if document is not None else _DOCX_DOCUMENT.format(text=text),
        )
    return buffer.getvalue()


def docx_upload(name="draf.docx", **kwargs):
    return SimpleUploadedFile(
        name,
        docx_bytes(**kwargs),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
