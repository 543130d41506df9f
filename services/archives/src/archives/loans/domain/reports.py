"""ARC-08's written report of a loss, damage or leak, as a loan holds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """ARC-08: a written report of a loss, damage or leak, open until the responsibility is decided."""

    report_no: int
    incident: str
    discovered_at: datetime
    description: str
    reported_by: str
    reported_at: datetime
    open: bool = True
    responsible: str = ""
    decision: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None
