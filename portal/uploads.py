"""Private uploads: storage that is never served directly, PDF validation and
a download response for views that have already checked permission.

Signed agreements (partners) and official request letters (visits) use
``private_storage`` as their storage, ``validate_pdf`` as a validator, and
are handed out only by ``private_file_response`` from a view that checked who
is asking. No guessable URL exists: the storage's base URL is not routed.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Callable for ``FileField(storage=...)``: migrations stay independent
    of the configured backend."""
    return storages["private"]


def private_upload_path(folder):
    """``upload_to`` that keeps the original extension but not the name."""
    return f"{folder}/%Y/%m/"


@deconstructible
class PDFValidator:
    """A real PDF within the size limit: ``%PDF-`` at offset 0 and a strict parse, not its name."""

    def __call__(self, upload):
        limit = settings.PORTAL_MAX_PDF_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted file is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if os.path.splitext(upload.name)[1].lower() != ".pdf":
            raise ValidationError(_("Upload a PDF file (.pdf)."), code="not_pdf")
        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            upload.seek(0)
            # The signature must open the file: a PDF appended to an HTML page
            # (or any other polyglot) would otherwise pass, and a browser that
            # sniffs the start would run it as a web page.
            if upload.read(5) != b"%PDF-":
                raise ValidationError(
                    _("This file is not a PDF document, whatever its name says."),
                    code="not_pdf",
                )
            upload.seek(0)
            self._parse(upload)
        finally:
            upload.seek(position)

    @staticmethod
    def _parse(upload):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            # Strict: a cross-reference table that does not point at the
            # objects, or a missing end marker, is refused instead of repaired.
            reader = PdfReader(upload, strict=True)
            if reader.is_encrypted:
                raise ValidationError(
                    _("This PDF is password-protected; upload it without a password."),
                    code="pdf_encrypted",
                )
            if len(reader.pages) < 1:
                raise PdfReadError("no pages")
        except ValidationError:
            raise
        except Exception as error:  # any parser failure means a broken file
            raise ValidationError(
                _("This PDF could not be read; it may be damaged. Export it again and retry."),
                code="pdf_unreadable",
            ) from error

    def __eq__(self, other):
        return isinstance(other, PDFValidator)


validate_pdf = PDFValidator()


def private_file_response(field_file, *, download_name):
    """Stream a private file after the caller has checked permission."""
    handle = field_file.storage.open(field_file.name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=download_name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
