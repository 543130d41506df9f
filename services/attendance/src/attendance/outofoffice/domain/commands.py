"""Out-of-office commands, fields mirroring the requests of ``RequestService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnounceOutOfOffice:
    employee_id: str
    day: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FileOutOfOffice:
    day: str
    reason: str
    from_time: str
    to_time: str
    # The announcement a supervisor recorded when the employee phoned before leaving.
    announcement_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveOutOfOffice:
    record_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectOutOfOffice:
    record_id: str
    reason: str
