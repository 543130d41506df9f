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


# ---- requests (the complaints routes' bodies are derived from the contract: gateway.transcode) --


class PageQuery(_In):
    page_size: Annotated[int, Field(ge=1, le=200)] = 50
    page_token: Annotated[str, Field(max_length=MAX_TOKEN_LENGTH)] | None = None


# ---- responses -----------------------------------------------------------------------------


class HistoryEntryOut(_Out):
    sequence: int
    event_type: str
    actor: str
    occurred_at: datetime | None
    details: dict[str, Any]


ItemT = TypeVar("ItemT", bound=BaseModel)


class Page(_Out, Generic[ItemT]):
    items: list[ItemT]
    # Absent (null) on the last page; pass it back as ?page_token= for the next one.
    next_page_token: str | None
