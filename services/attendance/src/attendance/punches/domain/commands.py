"""Punch commands, fields mirroring the requests of ``AttendanceService``. Who acts and when
come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPunch:
    employee_id: str
    source: str
    device_id: str
    source_punch_id: str
    device_time: datetime
