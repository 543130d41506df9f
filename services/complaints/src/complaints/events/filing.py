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
from cskit.protomap import attributes, message_of

# The one place the topic is named in this service.
FILING_TOPIC = "cs.filing.v1"
FILING_SCHEMA_VERSION = 1


def filing_payload(request: FilingRequest) -> pb.FilingRequested:
    # The contract's fields are the request's own, by name (CMP-13).
    return message_of(pb.FilingRequested, attributes(request))


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
