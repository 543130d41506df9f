"""The REST API's shared value types: identifiers, the kit's text rules, RFC 3339 times, enums.

The bodies themselves are derived from the contracts (gateway.transcode); these types keep
bad input a 422 before any downstream call, while business rules stay in the services.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator

from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain.text import text_problem
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
