"""protobuf <-> domain for EvidenceService (CMP-08)."""

from __future__ import annotations

from complaints.evidence.domain.model import AttachEvidence, Evidence, EvidenceKind
from cs.complaints.v1 import evidence_pb2 as pb
from cskit.protomap import attributes, enum_from_proto, message_of


def attach_from(req: pb.AttachEvidenceRequest) -> AttachEvidence:
    return AttachEvidence(
        complaint_id=req.complaint_id,
        filename=req.filename,
        content_type=req.content_type,
        content=req.content,
        kind=enum_from_proto(pb.EvidenceKind, req.kind, EvidenceKind, field="kind"),
        note=req.note,
    )


def evidence_to(x: Evidence) -> pb.Evidence:
    return message_of(pb.Evidence, attributes(x))
