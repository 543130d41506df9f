"""``EvidenceAttached`` -> protobuf payload in the envelope, on ``cs.complaints.v1`` keyed by
the complaint id, so a case's evidence events stay in order with its other events (PLT-03)."""

from __future__ import annotations

from complaints.events.common import envelope
from complaints.evidence.domain.model import Evidence, EvidenceAttached
from cs.complaints.v1 import evidence_events_pb2
from cskit.messaging.envelope import Envelope
from cskit.protomap import attributes, message_of


def evidence_payload(event: EvidenceAttached) -> evidence_events_pb2.EvidenceAttached:
    value_of = attributes(event, attached_by=event.actor, attached_at=event.occurred_at)
    return message_of(evidence_events_pb2.EvidenceAttached, value_of)


def evidence_envelope(evidence: Evidence, event: EvidenceAttached) -> Envelope:
    payload = evidence_payload(event)
    return envelope(payload, subject=evidence.complaint_id, branch_id=evidence.branch_id, time=event.occurred_at)
