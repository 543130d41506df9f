"""Hand-off commands, mirroring the requests of ``CustodyHandOffService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class HandOffCustody:
    custodian: str
    deputy: str
    from_day: str
    to_day: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptHandOff:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EndHandOff:
    id: str
    reason: str = ""
