"""Checks of uploaded files by their CONTENT (python-magic), never by name or declared type."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

DOCUMENT_TYPES = (PDF, JPEG, PNG)
EVIDENCE_TYPES = (PDF, JPEG, PNG, XLSX, DOCX)

LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", XLSX: "XLSX", DOCX: "DOCX"}
_ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/octet-stream"}


def evidence_max_bytes() -> int:
    return settings.ABDI_EVIDENCE_MAX_BYTES


def _office_type(upload) -> str | None:
    """XLSX/DOCX are ZIP files; libmagic versions differ in naming them, so look inside."""

    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def detect_type(upload) -> str:
    """The MIME type of the upload's content."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if mime in _ZIP_TYPES or mime in (XLSX, DOCX):
        return _office_type(upload) or mime
    return mime


def validate_upload(
    file,
    *,
    allowed: Iterable[str] = DOCUMENT_TYPES,
    max_bytes: int | None = None,
) -> str:
    """Return the content's MIME type, or raise a ValidationError (Indonesian) when the file is
    empty, larger than `max_bytes` (default ABDI_DOCUMENT_MAX_BYTES) or of a type not allowed."""
    allowed = tuple(allowed)
    limit = max_bytes if max_bytes is not None else settings.ABDI_DOCUMENT_MAX_BYTES
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size > limit:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s). Ukuran maksimum %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    mime = detect_type(file)
    if mime not in allowed:
        raise ValidationError(
            _(
                "Isi berkas %(name)s tidak diizinkan (terdeteksi: %(mime)s). "
                "Jenis yang diterima: %(types)s."
            )
            % {
                "name": name,
                "mime": mime,
                "types": ", ".join(LABELS.get(t, t) for t in allowed),
            },
            code="type",
        )
    return mime


def validate_evidence(file) -> str:
    """Evidence of work (bukti dukung): PDF, images, XLSX or DOCX up to ABDI_EVIDENCE_MAX_BYTES."""
    return validate_upload(file, allowed=EVIDENCE_TYPES, max_bytes=evidence_max_bytes())
