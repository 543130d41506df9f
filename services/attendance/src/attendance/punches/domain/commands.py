"""Punch commands, fields mirroring the requests of ``AttendanceService``. Who acts and when
come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from attendance.punches.domain.batch import BatchItem


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPunch:
    employee_id: str
    source: str
    device_id: str
    source_punch_id: str
    device_time: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPunchBatch:
    """A terminal's punches uploaded at once (``domain.batch``)."""

    device_id: str
    punches: list[BatchItem]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordProxyFinding:
    punch_id: str
    absent_employee_id: str
    punched_by_employee_id: str
    note: str = ""
