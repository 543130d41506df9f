"""The generic filing contract (CMP-13): a ``FilingRequest`` -> ``cs.filing.v1.FilingRequested``
in the standard envelope, for topic ``cs.filing.v1``.

Keyed by the source record id (the envelope subject), not by the filing id: everything the
archives hear about one original (a request, later a corrected scan or a withdrawal) then
stays in order on one partition, while the filing id, stable per original, lets them
recognise a repeated request. Any flow of this service that files an original (a signed
agreement, a complaint letter, the monthly register) calls ``filing_envelope``.
"""

from __future__ import annotations

from complaints.domain.filing import FilingRequest
from cs.filing.v1 import filing_pb2 as pb
from cskit.messaging.envelope import Envelope
from cskit.protomap import enum_to_proto, timestamp

# The one place the topic is named in this service.
FILING_TOPIC = "cs.filing.v1"
FILING_SCHEMA_VERSION = 1


def filing_payload(request: FilingRequest) -> pb.FilingRequested:
    return pb.FilingRequested(
        filing_id=request.filing_id,
        source_service=request.source_service,
        source_record_type=request.source_record_type,
        source_record_id=request.source_record_id,
        category=enum_to_proto(pb.Category, request.category),
        title=request.title,
        references=[pb.Reference(kind=r.kind, value=r.value) for r in request.references],
        medium=enum_to_proto(pb.Medium, request.medium),
        file_pointer=request.file_pointer,
        sha256=request.sha256,
        retention_years=request.retention_years,
        confidentiality=enum_to_proto(pb.Confidentiality, request.confidentiality),
        counterparty=request.counterparty,
        branch_id=request.branch_id,
        department=request.department,
        handed_over_by=request.handed_over_by,
        document_date=timestamp(request.document_date),
        requested_at=timestamp(request.requested_at),
    )


def filing_envelope(request: FilingRequest) -> Envelope:
    """The envelope to stage on ``FILING_TOPIC``: subject (and key) the source record id."""
    return Envelope.new(
        filing_payload(request),
        source=request.source_service,
        subject=request.source_record_id,
        branch_id=request.branch_id,
        time=request.requested_at,
        schema_version=FILING_SCHEMA_VERSION,
    )
