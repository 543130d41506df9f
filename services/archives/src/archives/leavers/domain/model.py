"""A leaver's clearance case (ARC-09): opened by HR's EmployeeLeft, it lists the files still
out with the leaver (lent to them, or lost while lent) and answers HR: cleared, or not cleared
with the list. An uncleared case is checked again (a timer, a request) and is cleared once
everything is back - never before."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAMESPACE = uuid.UUID("3c1f8e52-9d47-4b1a-a6f0-71e2c5d8b903")
# A file is out with someone while it is lent to them or was lost while lent to them.
OUT_STATES = ("lent", "missing")


def case_id_for(branch_id: str, employee_id: str, last_day: str) -> str:
    """One case a departure, however often HR delivers it."""
    return str(uuid.uuid5(_NAMESPACE, f"{branch_id}/{employee_id}/{last_day}"))


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaverFileOut:
    """A file still out with the leaver (no title: ARC-05)."""

    record_id: str
    archive_no: str
    category: str
    state: str
    ref: str
    due_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Departure:
    """HR's EmployeeLeft as the archives take it."""

    event_id: str
    employee_id: str
    branch_id: str
    last_day: str
    reason: str
    occurred_at: datetime

    @property
    def case_id(self) -> str:
        return case_id_for(self.branch_id, self.employee_id, self.last_day)


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaverNotCleared:
    case_id: str
    branch_id: str
    employee_id: str
    last_day: str
    hr_event_id: str
    reason: str
    files: tuple[LeaverFileOut, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaverCleared:
    case_id: str
    branch_id: str
    employee_id: str
    last_day: str
    hr_event_id: str
    reason: str
    actor: str
    occurred_at: datetime


ClearanceEvent = LeaverNotCleared | LeaverCleared


class ClearanceStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    OPEN = "open"
    CLEARED = "cleared"


class ClearanceCase(EventSourced[ClearanceEvent]):
    id: str
    branch_id: str
    employee_id: str
    last_day: str
    reason: str
    hr_event_id: str
    status: ClearanceStatus
    outstanding: tuple[LeaverFileOut, ...]
    checked_at: datetime | None
    cleared_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.last_day = self.reason = self.hr_event_id = ""
        self.status = ClearanceStatus.UNSPECIFIED
        self.outstanding = ()
        self.checked_at = self.cleared_at = None
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    def rebuild(cls, history: Sequence[ClearanceEvent]) -> ClearanceCase:
        case = cls()
        case._replay(history)
        return case

    @property
    def cleared(self) -> bool:
        return self.status is ClearanceStatus.CLEARED

    @classmethod
    def open(
        cls, departure: Departure, files_out: Sequence[LeaverFileOut], *, actor: str, now: datetime
    ) -> ClearanceCase:
        """The departure's case, answered at once: cleared or not, with the files still out."""
        case = cls()
        case.id, case.branch_id, case.employee_id = departure.case_id, departure.branch_id, departure.employee_id
        case.last_day, case.reason, case.hr_event_id = departure.last_day, departure.reason, departure.event_id
        case._answer(files_out, actor=actor, now=now, first=True)
        return case

    def recheck(self, files_out: Sequence[LeaverFileOut], *, actor: str, now: datetime) -> bool:
        """Check again: True when the case is (now or already) cleared."""
        if self.cleared:
            return True
        self._answer(files_out, actor=actor, now=now, first=False)
        return self.cleared

    @enforces("ARC-09")
    def _answer(self, files_out: Sequence[LeaverFileOut], *, actor: str, now: datetime, first: bool) -> None:
        """ARC-09: cleared only when no file is out with the leaver; a not-cleared answer is
        sent again only when the list changed."""
        files = tuple(sorted(files_out, key=lambda f: f.record_id))
        common = {
            "case_id": self.id,
            "branch_id": self.branch_id,
            "employee_id": self.employee_id,
            "last_day": self.last_day,
            "hr_event_id": self.hr_event_id,
            "reason": self.reason,
            "actor": actor,
            "occurred_at": now,
        }
        if not files:
            self._record(LeaverCleared(**common))  # type: ignore[arg-type]
        elif first or files != self.outstanding:
            self._record(LeaverNotCleared(files=files, **common))  # type: ignore[arg-type]

    def _apply(self, event: ClearanceEvent) -> None:
        match event:
            case LeaverNotCleared():
                self._opened(event)
                self.outstanding, self.status = event.files, ClearanceStatus.OPEN
            case LeaverCleared():
                self._opened(event)
                self.outstanding, self.status, self.cleared_at = (), ClearanceStatus.CLEARED, event.occurred_at
            case _:
                assert_never(event)
        self.checked_at = self.updated_at = event.occurred_at

    def _opened(self, event: ClearanceEvent) -> None:
        if self.created_at == _EPOCH:
            self.id, self.branch_id, self.employee_id = event.case_id, event.branch_id, event.employee_id
            self.last_day, self.hr_event_id, self.reason = event.last_day, event.hr_event_id, event.reason
            self.created_at = event.occurred_at
