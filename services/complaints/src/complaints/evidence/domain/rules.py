"""CMP-08, one pure function per clause: what a file may be, when a record may point to it,
and that engineering or design disputes keep site photos before they are resolved.

The type of a file is read from its own first bytes (its "magic"), never from its name or
the type the uploader declared: a declared type or a file extension that says otherwise is
refused, so a renamed file cannot pass for another kind of file.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime

from complaints.domain.states import Status
from complaints.domain.values import Category
from complaints.evidence.domain.model import (
    CheckedUpload,
    Evidence,
    EvidenceAttached,
    EvidenceCase,
    EvidenceKind,
    StoreConfirmation,
)
from complaints.evidence.domain.policy import EvidencePolicy
from cskit.domain import Actor, FieldViolation, InvalidInput, RuleViolation, Unavailable, enforces
from cskit.domain.text import text_problem

MAX_NOTE = 2000
MAX_FILENAME = 255
DEFAULT_FILENAME = "evidence"

# A declared type that claims nothing: the bytes decide alone.
_NO_CLAIM = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})
_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "image/x-ms-bmp": "image/bmp",
    "image/heif": "image/heic",
    "application/x-pdf": "application/pdf",
}
_EXTENSIONS = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "jpe": "image/jpeg",
    "jfif": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "heic": "image/heic",
    "heif": "image/heic",
    "pdf": "application/pdf",
}
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
# Bidirectional overrides let "photo\u202egpj.exe" display as "photoexe.jpg".
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


@enforces("CMP-08")
def sniff_content_type(data: bytes) -> str | None:
    """The media type the leading bytes prove, or None when they match no known format."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if data.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "image/bmp"
    return None


def normalize_media_type(value: str) -> str:
    """``"Image/JPG; charset=x"`` -> ``"image/jpeg"``."""
    base = value.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def type_of_extension(filename: str) -> str | None:
    stem, dot, ext = filename.rpartition(".")
    return _EXTENSIONS.get(ext.lower()) if dot and stem else None


@enforces("CMP-08")
def display_filename(raw: str) -> str:
    """The uploader's file name, safe to show and to put in a download header: the last
    path component, without control or bidi characters, at most 255 characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in _BIDI_CONTROLS).strip()
    if name in ("", ".", ".."):
        return DEFAULT_FILENAME
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 10:
            return stem[: MAX_FILENAME - len(ext) - 1] + "." + ext  # keep the extension
        return name[:MAX_FILENAME]
    return name


# The extension a stored name gets for each type sniffed from the bytes.
_CANONICAL_EXTENSION = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
    "image/heic": "heic",
    "application/pdf": "pdf",
}


@enforces("CMP-08")
def safe_stored_name(name: str, sniffed: str) -> str:
    """The name kept with the file ends in an extension of the type its bytes have: a PNG sent
    as ``photo.exe`` is kept as ``photo.exe.png``, so no download ever opens as a program.
    A name whose extension already agrees is kept as it is."""
    if type_of_extension(name) == sniffed:
        return name
    extension = _CANONICAL_EXTENSION.get(sniffed, "bin")
    stem = name[: MAX_FILENAME - len(extension) - 1]
    return f"{stem}.{extension}"


def _invalid(field: str, description: str, code: str) -> InvalidInput:
    return InvalidInput(
        f"{field}: {description}", code=code, rule_id="CMP-08", violations=(FieldViolation(field, description),)
    )


@enforces("CMP-08")
def check_upload(
    *, kind: EvidenceKind, filename: str, declared_type: str, content: bytes, note: str, policy: EvidencePolicy
) -> CheckedUpload:
    """Size, then type from the bytes (agreeing with the declared type and the extension),
    then kind: a site photo is an image. Refuses with the first failing clause."""
    if kind is EvidenceKind.UNSPECIFIED:
        raise _invalid("kind", "is required", "invalid_input")
    if (problem := text_problem(note, multiline=True)) is not None:
        raise _invalid("note", problem, "invalid_input")
    text = note.strip()
    if len(text) > MAX_NOTE:
        raise _invalid("note", f"is longer than {MAX_NOTE} characters", "invalid_input")
    if not content:
        raise _invalid("content", "the file is empty", "evidence_empty")
    if len(content) > policy.max_bytes:
        raise _invalid(
            "content", f"the file has {len(content)} bytes; at most {policy.max_bytes} are kept", "evidence_too_large"
        )
    allowed = ", ".join(sorted(policy.content_types))
    sniffed = sniff_content_type(content)
    if sniffed is None or sniffed not in policy.content_types:
        what = "is not a recognised file type" if sniffed is None else f"is {sniffed}"
        raise _invalid("content_type", f"the file {what}; allowed: {allowed}", "unsupported_evidence_type")
    declared = normalize_media_type(declared_type)
    if declared not in _NO_CLAIM and declared != sniffed:
        raise _invalid("content_type", f"declared {declared} but the file is {sniffed}", "evidence_type_mismatch")
    name = display_filename(filename)
    by_extension = type_of_extension(name)
    if by_extension is not None and by_extension != sniffed:
        raise _invalid("filename", f"the name says {by_extension} but the file is {sniffed}", "evidence_type_mismatch")
    if kind is EvidenceKind.SITE_PHOTO and not sniffed.startswith("image/"):
        raise _invalid("kind", f"a site photo must be an image, not {sniffed}", "site_photo_not_image")
    return CheckedUpload(
        kind=kind,
        filename=safe_stored_name(name, sniffed),
        content_type=sniffed,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        note=text,
    )


@enforces("CMP-08")
def require_open_case(status: Status) -> None:
    """Evidence is kept with a case while it is worked on; a closed case is filed (CMP-13)."""
    if status is Status.CLOSED:
        raise RuleViolation("a closed complaint takes no more evidence", code="case_closed", rule_id="CMP-08")


@enforces("CMP-08")
def require_confirmed(upload: CheckedUpload, size: int, sha256: str) -> None:
    """A record points only at bytes the store confirmed: the same size and SHA-256 as sent."""
    if size != upload.size or sha256.lower() != upload.sha256:
        raise Unavailable(
            "the object store confirmed other bytes than were sent; nothing was recorded",
            code="store_confirmation_mismatch",
            rule_id="CMP-08",
        )


@enforces("CMP-08")
def attach(
    case: EvidenceCase,
    upload: CheckedUpload,
    stored: StoreConfirmation,
    *,
    evidence_id: str,
    actor: Actor,
    now: datetime,
) -> tuple[Evidence, EvidenceAttached]:
    """The record and its event, made from a checked upload and the store's matching confirmation."""
    require_open_case(case.status)
    require_confirmed(upload, stored.size, stored.sha256)
    evidence = Evidence(
        id=evidence_id,
        complaint_id=case.complaint_id,
        branch_id=case.branch_id,
        kind=upload.kind,
        filename=upload.filename,
        content_type=upload.content_type,
        size=stored.size,
        sha256=upload.sha256,
        file_key=stored.key,
        note=upload.note,
        attached_by=actor.subject,
        attached_at=now,
    )
    event = EvidenceAttached(
        complaint_id=evidence.complaint_id,
        evidence_id=evidence.id,
        occurred_at=now,
        actor=actor.subject,
        kind=evidence.kind,
        content_type=evidence.content_type,
        size=evidence.size,
        sha256=evidence.sha256,
        file_key=evidence.file_key,
    )
    return evidence, event


@enforces("CMP-08")
def site_photos_needed(category: Category, policy: EvidencePolicy) -> int:
    return policy.site_photos_to_resolve if category in policy.site_photo_categories else 0


@enforces("CMP-08")
def require_site_photos(category: Category, site_photos: int, policy: EvidencePolicy) -> None:
    """An engineering or design dispute is resolved only once site photos are kept with it."""
    needed = site_photos_needed(category, policy)
    if site_photos < needed:
        raise RuleViolation(
            f"a {category.value} complaint is resolved only with at least {needed} site photo(s) kept with "
            f"the case; it has {site_photos}",
            code="site_photo_required",
            rule_id="CMP-08",
        )
