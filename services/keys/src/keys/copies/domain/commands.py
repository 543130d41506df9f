"""Copy-request commands, mirroring the requests of ``CopyRequestService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestKeyCopy:
    key_set_id: str
    copies: int
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveKeyCopy:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectKeyCopy:
    id: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordKeyCopiesMade:
    id: str
