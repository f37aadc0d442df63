"""A complaint's attachments: checked by their content (never their name), at most
MAX_ATTACHMENTS, each within the size setting, and stored under random names."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from abdi.core.uploads import detect_type, validate_upload
from abdi.feedback.models import Complaint, ComplaintAttachment

MAX_ATTACHMENTS = 3
# Accepted attachment types, recognised from the file's first bytes (never from its name).
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "image/heif": "heif",
}


def attachment_max_bytes() -> int:
    return settings.ABDI_COMPLAINT_ATTACHMENT_MAX_BYTES


def check_attachment(upload: UploadedFile) -> tuple[str, str]:
    """(mime type, extension) of an upload by its content, or a ValidationError."""
    try:
        mime = validate_upload(
            upload, allowed=tuple(ATTACHMENT_TYPES), max_bytes=attachment_max_bytes()
        )
    except ValidationError as exc:
        if exc.code != "type":
            raise
        raise ValidationError(
            _(
                "Berkas %(name)s bukan foto atau PDF (isi berkas terdeteksi sebagai %(mime)s). "
                "Lampirkan foto (JPEG, PNG) atau PDF."
            )
            % {"name": getattr(upload, "name", "") or "", "mime": detect_type(upload)}
        ) from exc
    return mime, ATTACHMENT_TYPES[mime]


def check_attachments(
    uploads: Iterable[UploadedFile | None] | None,
) -> list[tuple[UploadedFile, str, str]]:
    files = [u for u in (uploads or []) if u]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Paling banyak %(n)d lampiran.") % {"n": MAX_ATTACHMENTS}, code="too_many"
        )
    return [(u, *check_attachment(u)) for u in files]


def save_attachments(complaint: Complaint, uploads: Iterable[UploadedFile | None] | None) -> None:
    """Store a complaint's checked uploads under random names (the original name kept as data)."""
    for upload, mime, ext in check_attachments(uploads):
        original = (getattr(upload, "name", "") or "lampiran")[:255]
        upload.name = f"{uuid.uuid4().hex}.{ext}"
        ComplaintAttachment.objects.create(
            complaint=complaint,
            file=upload,
            original_name=original,
            content_type=mime,
            size=upload.size or 0,  # measured by check_attachment
        )
