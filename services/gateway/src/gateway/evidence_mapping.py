"""protobuf <-> JSON for evidence (CMP-08)."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import quote

from cs.complaints.v1 import evidence_pb2 as pb
from gateway.evidence_schemas import EVIDENCE_KIND, EvidenceOut


def evidence(msg: pb.Evidence) -> EvidenceOut:
    return EvidenceOut(
        id=msg.id,
        complaint_id=msg.complaint_id,
        branch_id=msg.branch_id,
        kind=EVIDENCE_KIND.from_proto(msg.kind),
        filename=msg.filename,
        content_type=msg.content_type,
        size=msg.size,
        sha256=msg.sha256,
        note=msg.note or None,
        attached_by=msg.attached_by,
        attached_at=msg.attached_at.ToDatetime(tzinfo=UTC) if msg.HasField("attached_at") else None,
    )


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name in RFC 5987 form."""
    fallback = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\;%' else "_" for ch in filename) or "evidence"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def etag(sha256: str) -> str:
    return f'"{sha256}"'


def etag_matches(if_none_match: str | None, sha256: str) -> bool:
    """RFC 9110 If-None-Match: ``*`` or a list of (weak or strong) tags compared weakly."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag(sha256) in tags
