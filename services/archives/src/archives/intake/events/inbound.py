"""``cs.filing.v1.FilingRequested`` (the generic filing contract) -> a ``FilingRequest``.

The envelope must agree with its payload (subject = source record id, cs_branch = branch): a
producer cannot file under another record's key or another branch's header. Anything
malformed is InvalidInput, and the consumer dead-letters it."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from archives.intake.domain.request import FilingRequest
from archives.records.domain.events import Reference
from cs.filing.v1 import filing_pb2 as pb
from cskit.domain import InvalidInput
from cskit.domain.actor import IdentityGrammar
from cskit.messaging.envelope import Envelope, decode

FILING_TOPIC = "cs.filing.v1"
TYPE = pb.FilingRequested.DESCRIPTOR.full_name


def _enum(value: int, enum: object, prefix: str, field: str) -> str:
    name: str = enum.Name(value)  # type: ignore[attr-defined]
    if name.endswith("_UNSPECIFIED"):
        raise InvalidInput.on(field, "is required")
    return name.removeprefix(prefix).lower()


def _time(stamp: Timestamp, field: str) -> datetime:
    try:
        return stamp.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput.on(field, "out of range") from exc


def request_from(envelope: Envelope) -> FilingRequest:
    if envelope.type != TYPE:
        raise InvalidInput.on("type", f"{envelope.type[:100]!r} is not a {TYPE}")
    try:
        message = decode(envelope, pb.FilingRequested)
    except ValueError as exc:
        raise InvalidInput.on("payload", f"not a {TYPE}: {exc}") from exc
    if envelope.subject != message.source_record_id or envelope.branch_id != message.branch_id:
        raise InvalidInput.on("filing", "the envelope's subject and cs_branch must be the source record and branch")
    for field in ("filing_id", "source_service", "source_record_id", "branch_id"):
        value = getattr(message, field)
        if not IdentityGrammar.subject_ok(value) or (len(value) > 64 and field != "source_record_id"):
            raise InvalidInput.on(field, "must be an id (letters, digits and ._:-)")
    if not message.HasField("document_date"):
        raise InvalidInput.on("document_date", "is required")
    confidentiality = (
        "internal"
        if message.confidentiality == pb.CONFIDENTIALITY_UNSPECIFIED
        else _enum(message.confidentiality, pb.Confidentiality, "CONFIDENTIALITY_", "confidentiality")
    )
    return FilingRequest(
        filing_id=message.filing_id,
        source_service=message.source_service,
        source_record_type=message.source_record_type[:64],
        source_record_id=message.source_record_id,
        branch_id=message.branch_id,
        category=_enum(message.category, pb.Category, "CATEGORY_", "category"),
        title=message.title,
        references=tuple(Reference(kind=r.kind, value=r.value) for r in message.references),
        medium=_enum(message.medium, pb.Medium, "MEDIUM_", "medium"),
        file_pointer=message.file_pointer,
        sha256=message.sha256,
        retention_years=message.retention_years,
        confidentiality=confidentiality,
        counterparty=message.counterparty,
        department=message.department,
        handed_over_by=message.handed_over_by,
        document_date=_time(message.document_date, "document_date"),
        requested_at=_time(message.requested_at, "requested_at"),
    )
