"""protobuf <-> domain for EvidenceService (CMP-08)."""

from __future__ import annotations

from complaints.evidence.domain.model import AttachEvidence, Evidence, EvidenceKind
from cs.complaints.v1 import evidence_pb2 as pb
from cskit.protomap import enum_from_proto, enum_to_proto, timestamp


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
    return pb.Evidence(
        id=x.id,
        complaint_id=x.complaint_id,
        branch_id=x.branch_id,
        kind=enum_to_proto(pb.EvidenceKind, x.kind),
        filename=x.filename,
        content_type=x.content_type,
        size=x.size,
        sha256=x.sha256,
        note=x.note,
        attached_by=x.attached_by,
        attached_at=timestamp(x.attached_at),
    )
