"""Checks on uploaded evidence: the size limit and the type, read from the file's first bytes
(its "magic number"), never from its name or the browser's declared type."""

from __future__ import annotations

import os
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from membership.files import SNIFF_BYTES, sniff

# The types accepted as evidence, checked by content (``membership.files.sniff``).
EVIDENCE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "ONBOARDING_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload: UploadedFile[bytes]) -> str:
    """The upload's content type, or a ValidationError saying what is wrong with it."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = sniff(head)
    content_type = kind[0] if kind is not None else None
    if content_type is None or content_type not in EVIDENCE_TYPES:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, PNG or JPEG file (its content was checked, not its "
                "name). Save or scan the document as PDF and upload it again."
            )
            % {"name": safe_name(upload.name or "")},
            code="type",
        )
    return str(content_type)


def safe_name(name: str) -> str:
    """The file's base name, printable, at most 150 characters: for display and download."""
    base = os.path.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return (base or "document")[-150:]
