"""The event envelope and its Kafka binding (CloudEvents 1.0, binary content mode).

Binary mode keeps the protobuf payload as the record value untouched and puts the
attributes in headers, so a consumer can route, dedupe and trace without decoding the body.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from google.protobuf.message import DecodeError, Message
from opentelemetry import propagate

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/protobuf"

H_SPECVERSION = "ce_specversion"
H_ID = "ce_id"
H_TYPE = "ce_type"
H_SOURCE = "ce_source"
H_TIME = "ce_time"
H_SUBJECT = "ce_subject"
H_CONTENT_TYPE = "content-type"
H_BRANCH = "cs_branch"
H_SCHEMA_VERSION = "cs_schemaversion"
H_TRACEPARENT = "traceparent"
H_TRACESTATE = "tracestate"

REQUIRED_HEADERS = (H_SPECVERSION, H_ID, H_TYPE, H_SOURCE, H_TIME, H_SUBJECT, H_BRANCH, H_SCHEMA_VERSION)

M = TypeVar("M", bound=Message)

KafkaHeaders = Iterable[tuple[str, bytes | None]]


class EnvelopeError(ValueError):
    """A record is not a valid envelope, or its payload is not the expected message."""


def format_time(value: datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` suffix, the form CloudEvents examples use."""
    if value.tzinfo is None:
        raise EnvelopeError("envelope time must be timezone-aware")
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise EnvelopeError(f"{H_TIME} is not RFC 3339: {text!r}") from exc
    if value.tzinfo is None:
        raise EnvelopeError(f"{H_TIME} has no UTC offset: {text!r}")
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Envelope:
    id: str
    type: str
    source: str
    time: datetime
    subject: str
    branch_id: str
    schema_version: int
    payload: bytes = field(repr=False)
    traceparent: str | None = None
    tracestate: str | None = None

    @classmethod
    def new(
        cls,
        message: Message,
        *,
        source: str,
        subject: str,
        branch_id: str,
        time: datetime,
        schema_version: int = 1,
    ) -> Envelope:
        """Wrap ``message``, carrying the caller's trace context so consumers continue the trace."""
        if time.tzinfo is None:
            raise EnvelopeError("envelope time must be timezone-aware")
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        return cls(
            id=str(uuid.uuid4()),
            type=message.DESCRIPTOR.full_name,
            source=source,
            time=time.astimezone(UTC),
            subject=subject,
            branch_id=branch_id,
            schema_version=schema_version,
            payload=message.SerializeToString(),
            traceparent=carrier.get(H_TRACEPARENT),
            tracestate=carrier.get(H_TRACESTATE),
        )

    @property
    def key(self) -> bytes:
        """The Kafka key: the record id, so one record's events share a partition and keep order."""
        return self.subject.encode()

    def header_map(self) -> dict[str, str]:
        headers = {
            H_SPECVERSION: SPEC_VERSION,
            H_ID: self.id,
            H_TYPE: self.type,
            H_SOURCE: self.source,
            H_TIME: format_time(self.time),
            H_SUBJECT: self.subject,
            H_CONTENT_TYPE: CONTENT_TYPE,
            H_BRANCH: self.branch_id,
            H_SCHEMA_VERSION: str(self.schema_version),
        }
        if self.traceparent is not None:
            headers[H_TRACEPARENT] = self.traceparent
        if self.tracestate is not None:
            headers[H_TRACESTATE] = self.tracestate
        return headers

    def to_headers(self) -> list[tuple[str, bytes]]:
        """Headers in the shape kafka-python's ``send(headers=...)`` takes."""
        return [(name, value.encode()) for name, value in self.header_map().items()]

    @classmethod
    def from_kafka(cls, headers: KafkaHeaders | None, value: bytes | None) -> Envelope:
        found: dict[str, str] = {}
        for name, raw in headers or ():
            if raw is None:
                continue
            try:
                found[name] = raw.decode()
            except UnicodeDecodeError as exc:
                raise EnvelopeError(f"header {name!r} is not UTF-8") from exc
        return cls.from_header_map(found, value)

    @classmethod
    def from_header_map(cls, headers: Mapping[str, str], value: bytes | None) -> Envelope:
        missing = [name for name in REQUIRED_HEADERS if not headers.get(name)]
        if missing:
            raise EnvelopeError(f"not an envelope: missing headers {', '.join(missing)}")
        if headers[H_SPECVERSION] != SPEC_VERSION:
            raise EnvelopeError(f"unsupported {H_SPECVERSION} {headers[H_SPECVERSION]!r}")
        content_type = headers.get(H_CONTENT_TYPE, CONTENT_TYPE)
        if content_type != CONTENT_TYPE:
            raise EnvelopeError(f"unsupported content-type {content_type!r}")
        try:
            schema_version = int(headers[H_SCHEMA_VERSION])
        except ValueError as exc:
            raise EnvelopeError(f"{H_SCHEMA_VERSION} is not an integer: {headers[H_SCHEMA_VERSION]!r}") from exc
        if value is None:
            raise EnvelopeError("not an envelope: record has no value (tombstone)")
        return cls(
            id=headers[H_ID],
            type=headers[H_TYPE],
            source=headers[H_SOURCE],
            time=parse_time(headers[H_TIME]),
            subject=headers[H_SUBJECT],
            branch_id=headers[H_BRANCH],
            schema_version=schema_version,
            payload=value,
            traceparent=headers.get(H_TRACEPARENT),
            tracestate=headers.get(H_TRACESTATE),
        )


def decode(envelope: Envelope, message_cls: type[M]) -> M:
    """Parse the payload as ``message_cls``, refusing an envelope of another type."""
    expected = message_cls.DESCRIPTOR.full_name
    if envelope.type != expected:
        raise EnvelopeError(f"envelope {envelope.id} is {envelope.type}, not {expected}")
    message = message_cls()
    try:
        message.ParseFromString(envelope.payload)
    except DecodeError as exc:
        raise EnvelopeError(f"envelope {envelope.id}: payload is not a valid {expected}") from exc
    return message
