"""REST bodies of evidence (CMP-08)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from cs.complaints.v1 import evidence_pb2 as pb
from gateway.enums import ProtoEnum
from gateway.schemas import _Out

EVIDENCE_KIND = ProtoEnum(pb.EvidenceKind)
EvidenceKind = Annotated[str, EVIDENCE_KIND]


class EvidenceOut(_Out):
    id: str
    complaint_id: str
    branch_id: str
    kind: EvidenceKind | None
    # As uploaded, cleaned for display.
    filename: str
    # Sniffed from the file's own bytes.
    content_type: str
    size: int
    # Lower-case hex SHA-256 of the bytes; the download's ETag.
    sha256: str
    note: str | None
    attached_by: str
    attached_at: datetime | None
