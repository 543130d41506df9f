"""Retention commands, fields mirroring the requests of ``RetentionService`` (the servicer
decodes the repeated fields). Who acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SealRecords:
    bag_number: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceHold:
    reason: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseHold:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeDestruction:
    method: str
    reason: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveDestruction:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectDestruction:
    id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecuteDestruction:
    id: str
    witnesses: tuple[str, ...]
