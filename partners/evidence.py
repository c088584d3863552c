"""Handing out a follow-up's evidence file, after the caller checked who asks."""

import os

from partners.models.followups import IMAGE_FORMATS
from portal.uploads import private_file_response

CONTENT_TYPES = {".pdf": "application/pdf", ".png": "image/png"}


def follow_up_evidence_response(follow_up):
    """The evidence file of ``follow_up`` as a private attachment."""
    extension = os.path.splitext(follow_up.evidence_file.name)[1].lower()
    content_type = CONTENT_TYPES.get(extension) or (
        "image/jpeg" if extension in IMAGE_FORMATS else "application/octet-stream"
    )
    return private_file_response(
        follow_up.evidence_file,
        download_name=f"tindak-lanjut-{follow_up.pk}{extension}",
        content_type=content_type,
    )
