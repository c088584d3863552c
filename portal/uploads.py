"""Private uploads: storage that is never served directly, PDF validation and
a download response for views that have already checked permission.

Signed agreements (partners) and official request letters (visits) use
``private_storage`` as their storage, ``validate_pdf`` as a validator, and
are handed out only by ``private_file_response`` from a view that checked who
is asking. No guessable URL exists: the storage's base URL is not routed.
``hold_upload``/``held_upload`` keep a validated upload between two posts of
a form that failed, for its uploader only and for two hours.
"""

import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
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


def private_file_response(field_file, *, download_name, content_type="application/pdf"):
    """Stream a private file after the caller has checked permission."""
    handle = field_file.storage.open(field_file.name, "rb")
    response = FileResponse(
        handle, as_attachment=True, filename=download_name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Uploads held between two posts of a form ---------------------------------------------
#
# A form that fails validation cannot send a file back to the browser: the
# file input comes back empty and the person must find the file again. A
# validated upload is therefore held in private storage under a random name,
# and the form carries a signed token that names it, bound to the user who
# uploaded it and valid for ``HELD_UPLOAD_MAX_AGE`` seconds. The next post
# of the same user may use it instead of a new file.

HELD_UPLOAD_FOLDER = "held-uploads"
HELD_UPLOAD_MAX_AGE = 2 * 3600
_HELD_SALT = "portal.uploads.held"


@dataclass(frozen=True)
class HeldUpload:
    token: str
    name: str  # in private storage
    original_name: str

    def open(self):
        """The held file as an upload a form field accepts; the caller closes it."""
        storage = private_storage()
        return UploadedFile(
            file=storage.open(self.name, "rb"),
            name=self.original_name,
            content_type="application/pdf",
            size=storage.size(self.name),
        )

    def discard(self):
        private_storage().delete(self.name)


def hold_upload(upload, *, user, now=None):
    """Keep ``upload`` (already validated) for ``user``; returns a ``HeldUpload``.

    Also removes held files older than ``HELD_UPLOAD_MAX_AGE``, so abandoned
    forms leave nothing behind for long.
    """
    purge_held_uploads(now=now)
    storage = private_storage()
    extension = os.path.splitext(upload.name)[1].lower()[:10]
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    name = storage.save(
        f"{HELD_UPLOAD_FOLDER}/{secrets.token_urlsafe(24)}{extension}", File(upload)
    )
    upload.seek(position)
    original_name = os.path.basename(upload.name)[:150]
    token = signing.dumps({"n": name, "u": user.pk, "o": original_name}, salt=_HELD_SALT)
    return HeldUpload(token=token, name=name, original_name=original_name)


def held_upload(token, *, user):
    """The ``HeldUpload`` a token names, or None when the token is missing, forged,
    expired, another user's, or its file is gone."""
    if not token or not (user and user.is_authenticated):
        return None
    try:
        data = signing.loads(token, salt=_HELD_SALT, max_age=HELD_UPLOAD_MAX_AGE)
        name, owner, original_name = data["n"], data["u"], data["o"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if owner != user.pk or not str(name).startswith(f"{HELD_UPLOAD_FOLDER}/"):
        return None
    if not private_storage().exists(name):
        return None
    return HeldUpload(token=token, name=name, original_name=original_name)


def purge_held_uploads(*, now=None):
    """Delete held files older than ``HELD_UPLOAD_MAX_AGE``; returns how many."""
    storage = private_storage()
    now = now or timezone.now()
    try:
        _folders, files = storage.listdir(HELD_UPLOAD_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for filename in files:
        name = f"{HELD_UPLOAD_FOLDER}/{filename}"
        try:
            age = (now - storage.get_modified_time(name)).total_seconds()
        except (FileNotFoundError, NotImplementedError):
            continue
        if age > HELD_UPLOAD_MAX_AGE:
            storage.delete(name)
            removed += 1
    return removed
