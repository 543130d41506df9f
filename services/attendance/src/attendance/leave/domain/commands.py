"""Leave commands, fields mirroring the requests of ``LeaveService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestLeave:
    kind: str
    start_day: str
    end_day: str
    half_day_start: bool = False
    half_day_end: bool = False
    reason: str = ""
    # LV-02: asked orally in an emergency, filed on the first day back.
    emergency: bool = False
    certificates: tuple[str, ...] = ()
    document_ref: str = ""
    event_day: str = ""
    relation: str = ""
    late_marriage: bool = False
    late_birth: bool = False
    difficult_birth: bool = False
    extra_babies: int = 0
    first_child: bool = False
    nursing_slot: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveLeave:
    id: str
    comment: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectLeave:
    id: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelLeave:
    id: str
    reason: str = ""
