"""The REST API's request and response bodies: explicit, strict, documented in OpenAPI.

Structural checks (lengths, ranges, enums, unknown fields) live here so bad input is a
422 before any downstream call; business rules stay in the services.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
)

from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain.money import AMOUNT_PATTERN, MAX_AMOUNT, amount_problem
from cskit.domain.text import text_problem
from cskit.pagination import MAX_TOKEN_LENGTH
from gateway.enums import ProtoEnum

CHANNEL = ProtoEnum(pb.Channel)
CATEGORY = ProtoEnum(pb.Category)
NATURE = ProtoEnum(pb.Nature)
DEMAND = ProtoEnum(pb.Demand)
SEVERITY = ProtoEnum(pb.Severity)
STATUS = ProtoEnum(pb.Status)
CLOCK_KIND = ProtoEnum(pb.ClockKind)
CLOCK_STATE = ProtoEnum(pb.ClockState)

Channel = Annotated[str, CHANNEL]
Category = Annotated[str, CATEGORY]
Nature = Annotated[str, NATURE]
Demand = Annotated[str, DEMAND]
Severity = Annotated[str, SEVERITY]
Status = Annotated[str, STATUS]
ClockKind = Annotated[str, CLOCK_KIND]
ClockState = Annotated[str, CLOCK_STATE]

# Identifiers are opaque to the gateway; the pattern only keeps junk out of paths and logs.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
BranchId = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]
# Required text must hold a non-blank character; documented as a pattern so clients can see it.
_NOT_BLANK = r"\S"


def _single_line(value: str) -> str:
    # The kit's one text rule, also applied by the services' domains (gRPC callers skip us).
    if (problem := text_problem(value, multiline=False)) is not None:
        raise ValueError(problem)
    return value


def _multi_line(value: str) -> str:
    if (problem := text_problem(value, multiline=True)) is not None:
        raise ValueError(problem)
    return value


# Names, phones, references: one line, no control or bidi characters.
SingleLineText = AfterValidator(_single_line)
# Descriptions, notes, messages: TAB, LF and CR allowed, no other control characters.
MultiLineText = AfterValidator(_multi_line)

ShortText = Annotated[str, Field(min_length=1, max_length=200, pattern=_NOT_BLANK), SingleLineText]
Message = Annotated[str, Field(min_length=1, max_length=2000, pattern=_NOT_BLANK), MultiLineText]
LongText = Annotated[str, Field(min_length=1, max_length=5000, pattern=_NOT_BLANK), MultiLineText]
OptionalMessage = Annotated[str, Field(max_length=2000), MultiLineText]


def _bounded_amount(value: str) -> str:
    if (problem := amount_problem(Decimal(value))) is not None:
        raise ValueError(problem)
    return value


# Money: a decimal STRING ("1234.50"), never a JSON number, within the kit's one bound
# (cskit.domain.money); the currency's minor unit is the service's rule (CMP-09, CMP-11).
MoneyAmount = Annotated[
    str,
    Field(pattern=AMOUNT_PATTERN, examples=["1234.50"], description=f"Decimal string, at most {MAX_AMOUNT}"),
    AfterValidator(_bounded_amount),
]


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")


def _rfc3339_text(value: object) -> object:
    # pydantic would also read numbers (and numeric strings) as Unix seconds; the API
    # promises RFC 3339 text only, so everything else is refused before pydantic parses it.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError("must be an RFC 3339 date-time with a time zone, e.g. 2026-11-02T09:30:00+08:00")
    return value


# A zone-aware RFC 3339 timestamp ("2026-11-02T09:30:00+08:00"); naive times are refused.
Timestamp = Annotated[AwareDatetime, BeforeValidator(_rfc3339_text)]


class _In(BaseModel):
    # Unknown fields are an error, not silently dropped. Text is kept as sent (no stripping),
    # so the documented maxLength is exactly what is enforced.
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- requests ------------------------------------------------------------------------------


class ComplainantIn(_In):
    name: ShortText
    contact: ShortText
    address: Annotated[str, Field(max_length=500), SingleLineText] | None = None
    order_number: Annotated[str, Field(max_length=100), SingleLineText] | None = None


class TargetIn(_In):
    department: Annotated[str, Field(max_length=200), SingleLineText] | None = None
    employee: Annotated[str, Field(max_length=200), SingleLineText] | None = None


class FileComplaintBody(_In):
    """CMP-01 intake. ``branch_id`` empty: the caller's branch (head office may name any)."""

    branch_id: BranchId | None = None
    channel: Channel
    complainant: ComplainantIn
    target: TargetIn | None = None
    description: LongText
    demands: Annotated[list[Demand], Field(max_length=5)] = Field(default_factory=list)
    category: Category
    # Omitted: an ordinary complaint (CMP-04's ordinary service levels).
    severity: Severity = "ordinary"
    compensation_involved: StrictBool = False
    # When the complaint reached us (e.g. a letter); omitted means now.
    received_at: Timestamp | None = None


class AcceptBody(_In):
    note: OptionalMessage | None = None


class RejectBody(_In):
    reason: Message


class RejectionReplyBody(_In):
    message: Message


class ReplyBody(_In):
    message: Message
    # CMP-04: when the customer hears from us next.
    next_reply_at: Timestamp | None = None


class ProgressNoteBody(_In):
    message: Message
    customer_informed: StrictBool = False


class ResolveBody(_In):
    resolution: LongText


class ReturnVisitBody(_In):
    satisfied: StrictBool
    satisfaction: Annotated[int, Field(ge=1, le=5)]
    comment: OptionalMessage | None = None

    @field_validator("satisfaction", mode="before")
    @classmethod
    def _json_integer(cls, value: object) -> object:
        # JSON Schema's "integer" admits 5.0 but not "5" or true: pydantic's lax int is wider,
        # StrictInt narrower. (A validator here, not on the type, keeps minimum/maximum in OpenAPI.)
        if isinstance(value, (str, bool)):
            raise ValueError("must be a JSON integer")
        return value


class CloseBody(_In):
    summary: OptionalMessage | None = None


class ReclassifyBody(_In):
    reason: Message


class PauseBody(_In):
    reason: Message


class ListComplaintsQuery(_In):
    page_size: Annotated[int, Field(ge=1, le=200)] = 50
    page_token: Annotated[str, Field(max_length=MAX_TOKEN_LENGTH)] | None = None
    status: list[Status] = Field(default_factory=list)
    nature: Nature | None = None
    channel: Channel | None = None
    severity: Severity | None = None
    branch_id: BranchId | None = None
    received_after: Annotated[Timestamp | None, Field(description="Inclusive lower bound.")] = None
    received_before: Annotated[
        Timestamp | None, Field(description="Exclusive upper bound; not before received_after.")
    ] = None
    breached_only: bool = False

    @field_validator("received_before")
    @classmethod
    def _range_is_ordered(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        after = info.data.get("received_after")
        if value is not None and after is not None and after > value:
            raise ValueError("must not be before received_after")
        return value


class PageQuery(_In):
    page_size: Annotated[int, Field(ge=1, le=200)] = 50
    page_token: Annotated[str, Field(max_length=MAX_TOKEN_LENGTH)] | None = None


# ---- responses -----------------------------------------------------------------------------


class Complainant(_Out):
    name: str
    contact: str | None
    address: str | None
    order_number: str | None


class Target(_Out):
    department: str | None
    employee: str | None


class ClockOut(_Out):
    kind: ClockKind | None
    rule_id: str | None
    started_at: datetime | None
    deadline_at: datetime | None
    state: ClockState | None
    settled_at: datetime | None
    paused_total_seconds: float
    paused_at: datetime | None
    overdue: bool = Field(
        description="RUNNING past deadline_at with no breach recorded yet (the clock timer has not fired); "
        "false in every other state. A recorded breach shows as state=breached, for good."
    )


class ProgressNoteOut(_Out):
    noted_at: datetime | None
    author: str
    message: str
    customer_informed: bool


class ReturnVisitOut(_Out):
    visited_at: datetime | None
    visited_by: str
    satisfied: bool
    satisfaction: int
    comment: str | None


class ComplaintOut(_Out):
    id: str
    number: str
    branch_id: str
    channel: Channel | None
    complainant: Complainant
    target: Target
    description: str
    demands: list[Demand]
    category: Category | None
    nature: Nature | None
    severity: Severity | None
    compensation_involved: bool
    status: Status | None
    received_at: datetime | None
    updated_at: datetime | None
    rejection_reason: str | None
    resolution: str | None
    clocks: list[ClockOut]
    notes: list[ProgressNoteOut]
    return_visits: list[ReturnVisitOut]
    reopen_count: int
    next_reply_at: datetime | None
    version: int
    filed_by: str | None
    reclassified: bool


class HistoryEntryOut(_Out):
    sequence: int
    event_type: str
    actor: str
    occurred_at: datetime | None
    details: dict[str, Any]


class AuditEntryOut(_Out):
    occurred_at: datetime | None
    # "case", "agreement", "accountability" or "evidence".
    source: str
    record_id: str
    sequence: int
    event_type: str
    actor: str
    request_id: str | None
    client_ip: str | None
    details: dict[str, Any]


ItemT = TypeVar("ItemT", bound=BaseModel)


class Page(_Out, Generic[ItemT]):
    items: list[ItemT]
    # Absent (null) on the last page; pass it back as ?page_token= for the next one.
    next_page_token: str | None
