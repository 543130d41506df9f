"""``EvidenceAttached`` -> protobuf payload in the envelope, on ``cs.complaints.v1`` keyed by
the complaint id, so a case's evidence events stay in order with its other events (PLT-03)."""

from __future__ import annotations

from complaints import SERVICE
from complaints.events.common import SCHEMA_VERSION
from complaints.evidence.domain.model import Evidence, EvidenceAttached
from cs.complaints.v1 import evidence_events_pb2, evidence_pb2
from cskit.messaging.envelope import Envelope
from cskit.protomap import enum_to_proto, timestamp


def evidence_payload(event: EvidenceAttached) -> evidence_events_pb2.EvidenceAttached:
    return evidence_events_pb2.EvidenceAttached(
        complaint_id=event.complaint_id,
        evidence_id=event.evidence_id,
        kind=enum_to_proto(evidence_pb2.EvidenceKind, event.kind),
        content_type=event.content_type,
        size=event.size,
        sha256=event.sha256,
        file_key=event.file_key,
        attached_by=event.actor,
        attached_at=timestamp(event.occurred_at),
    )


def evidence_envelope(evidence: Evidence, event: EvidenceAttached) -> Envelope:
    return Envelope.new(
        evidence_payload(event),
        source=SERVICE,
        subject=evidence.complaint_id,
        branch_id=evidence.branch_id,
        time=event.occurred_at,
        schema_version=SCHEMA_VERSION,
    )
