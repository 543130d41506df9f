"""The discipline score sheet of a branch-month (ATT-12) and a supervisor's manual entry.

A sheet is drafted after the month ends (and redrafted while not approved), opens for
approval the day before payday (a timer on the platform clock, 001 电商客服 (一)2③ "奖罚评分表
须在发工资前一天提交给上级批准"), and is approved by a manager who did not prepare it; then it
is frozen and its lines travel to HR (``DisciplineScoreSheetApproved``), with a verbal
warning or a penalty for each employee at or below the thresholds."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from attendance.discipline.domain.events import (
    DisciplineEntryRecorded,
    DisciplinePenaltyIssued,
    DisciplineScoreSheetApproved,
    DisciplineWarningIssued,
    ScoreSheetDrafted,
    ScoreSheetOpened,
    SheetEvent,
)
from attendance.discipline.domain.policy import DisciplinePolicy
from attendance.discipline.domain.score import Outcome, ScoreLine, unfinished_points
from attendance.domain.fields import month_of
from attendance.domain.people import Grade
from cskit.domain import Actor, Conflict, InvalidInput
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("3d5a4c1e-9b7f-4e21-8c0d-5f6a7b8c9d0e")
MAX_NOTE = 500
# Who enters deductions and drafts sheets: the branch's supervisors (gateway "supervisors").
SUPERVISORS = frozenset({"team_lead", "manager", "director", "general_manager"})
# Who approves a sheet: a manager or above, by role and by grade.
APPROVERS = frozenset({"manager", "director", "general_manager"})


class EntryKind(StrEnum):
    UNAPPROVED_REST = "unapproved_rest"
    OFFLINE = "offline"
    UNFINISHED_WORK = "unfinished_work"


_ISSUED: dict[Outcome, type[DisciplineWarningIssued | DisciplinePenaltyIssued]] = {
    Outcome.WARNING: DisciplineWarningIssued,
    Outcome.PENALTY: DisciplinePenaltyIssued,
}


class SheetStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    APPROVED = "approved"


def sheet_id_of(branch_id: str, month: date) -> str:
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{month:%Y-%m}"))


# Months a sheet can be for: well inside what dates and timestamps hold (9999-12 has no next month).
FIRST_YEAR, LAST_YEAR = 1970, 9000


def in_range(day: date, field: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput.on(field, f"the year must be {FIRST_YEAR} to {LAST_YEAR}")
    return day


def parse_month(text: str, field: str = "month") -> date:
    """``YYYY-MM`` -> the month's first day."""
    return in_range(month_of(text, field), field)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def opens_at(month: date, policy: DisciplinePolicy, zone: ZoneInfo) -> datetime:
    """The day before the next month's payday, at branch-local midnight, in UTC."""
    day = next_month(month).replace(day=policy.payday) - timedelta(days=1)
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def entry_of(kind: str, points: str, note: str, policy: DisciplinePolicy) -> tuple[EntryKind, Decimal, str]:
    try:
        entry_kind = EntryKind(kind.strip())
    except ValueError as exc:
        raise InvalidInput.on("kind", f"must be one of {[k.value for k in EntryKind]}", rule_id="ATT-12") from exc
    text = note.strip()
    if not text or len(text) > MAX_NOTE:
        raise InvalidInput.on("note", f"say why, in 1 to {MAX_NOTE} characters")
    if entry_kind is not EntryKind.UNFINISHED_WORK:
        if points.strip():
            raise InvalidInput.on("points", "only unfinished daily work takes points", rule_id="ATT-12")
        return entry_kind, Decimal(0), text
    try:
        value = Decimal(points.strip())
        return entry_kind, unfinished_points(value, policy), text
    except (ArithmeticError, ValueError) as exc:
        raise InvalidInput.on(
            "points",
            f"unfinished daily work deducts {policy.unfinished_min} to {policy.unfinished_max}",
            rule_id="ATT-12",
        ) from exc


class DisciplineEntry(EventSourced[DisciplineEntryRecorded]):
    id: str
    branch_id: str
    employee_id: str
    kind: str
    day: str
    points: Decimal
    note: str
    recorded_by: str
    created_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.kind = self.day = self.note = self.recorded_by = ""
        self.points = Decimal(0)
        self.created_at = _EPOCH

    @classmethod
    def record(
        cls,
        *,
        sheet: ScoreSheet | None = None,
        entry_id: str,
        actor: Actor,
        employee_id: str,
        kind: EntryKind,
        day: date,
        points: Decimal,
        note: str,
        now: datetime,
    ) -> DisciplineEntry:
        require_role(actor, SUPERVISORS, action="recording a discipline entry")
        require_not_requester(actor, employee_id, action="recording a discipline entry")
        if sheet is not None and sheet.status is SheetStatus.APPROVED:
            # An approved sheet is frozen: what HR received stays what the month says.
            raise Conflict("the month's score sheet is approved and frozen", code="sheet_approved", rule_id="ATT-12")
        entry = cls()
        entry._record(
            DisciplineEntryRecorded(
                entry_id=entry_id,
                branch_id=actor.branch_id,
                employee_id=employee_id,
                kind=kind.value,
                day=day.isoformat(),
                points=points,
                note=note,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return entry

    def _apply(self, event: DisciplineEntryRecorded) -> None:
        self.id, self.branch_id, self.employee_id = event.entry_id, event.branch_id, event.employee_id
        self.kind, self.day, self.points, self.note = event.kind, event.day, event.points, event.note
        self.recorded_by, self.created_at = event.actor, event.occurred_at


class ScoreSheet(EventSourced[SheetEvent]):
    """Build it with ``draft`` or ``rebuild``; then ``redraft``, ``open_for_approval``, ``approve``."""

    id: str
    branch_id: str
    month: str
    status: SheetStatus
    lines: tuple[ScoreLine, ...]
    prepared_by: str
    opens_at: datetime
    approved_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.month = self.prepared_by = self.approved_by = ""
        self.status = SheetStatus.DRAFT
        self.lines = ()
        self.opens_at = self.created_at = self.updated_at = _EPOCH

    @classmethod
    def draft(
        cls,
        *,
        actor: Actor,
        branch_id: str,
        month: date,
        lines: Sequence[ScoreLine],
        opens: datetime,
        now: datetime,
        today: date,
    ) -> ScoreSheet:
        sheet = cls()
        sheet.redraft(actor=actor, branch_id=branch_id, month=month, lines=lines, opens=opens, now=now, today=today)
        return sheet

    def redraft(
        self,
        *,
        actor: Actor,
        branch_id: str,
        month: date,
        lines: Sequence[ScoreLine],
        opens: datetime,
        now: datetime,
        today: date,
    ) -> None:
        """Drafted once the month is over (branch-local ``today``); redrafted until approved."""
        require_role(actor, SUPERVISORS | {"system"}, action="drafting a score sheet")
        if today < next_month(month):
            raise InvalidInput.on("month", "a month's score sheet is drafted after the month ends", rule_id="ATT-12")
        if self.status is SheetStatus.APPROVED:
            raise Conflict("the score sheet is approved and frozen", code="sheet_approved", rule_id="ATT-12")
        self._record(
            ScoreSheetDrafted(
                sheet_id=sheet_id_of(branch_id, month),
                branch_id=branch_id,
                month=f"{month:%Y-%m}",
                lines=tuple(sorted(lines, key=lambda line: line.employee_id)),
                opens_at=opens,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def open_for_approval(self, *, actor: Actor, now: datetime) -> None:
        """The payday timer: an open or approved sheet stays as it is."""
        if self.status is not SheetStatus.DRAFT:
            return
        if now < self.opens_at:
            raise Conflict("the score sheet opens the day before payday", code="sheet_not_due", rule_id="ATT-12")
        self._record(
            ScoreSheetOpened(
                sheet_id=self.id, branch_id=self.branch_id, month=self.month, actor=actor.subject, occurred_at=now
            )
        )

    def approve(self, *, actor: Actor, now: datetime) -> None:
        require_role(actor, APPROVERS, min_grade=Grade.MANAGER, action="approving a score sheet")
        require_not_requester(actor, self.prepared_by, action="approving a score sheet")
        if self.status is SheetStatus.APPROVED:
            raise Conflict("the score sheet is already approved", code="sheet_approved", rule_id="ATT-12")
        if self.status is not SheetStatus.OPEN:
            raise Conflict(
                "the score sheet goes for approval the day before payday", code="sheet_not_open", rule_id="ATT-12"
            )
        self._record(
            DisciplineScoreSheetApproved(
                sheet_id=self.id,
                branch_id=self.branch_id,
                month=self.month,
                lines=self.lines,
                prepared_by=self.prepared_by,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        for line in self.lines:
            kind: type[DisciplineWarningIssued | DisciplinePenaltyIssued] | None = _ISSUED.get(line.outcome)
            if kind is not None:
                self._record(
                    kind(
                        sheet_id=self.id,
                        branch_id=self.branch_id,
                        month=self.month,
                        employee_id=line.employee_id,
                        score=line.score,
                        actor=actor.subject,
                        occurred_at=now,
                    )
                )

    def _apply(self, event: SheetEvent) -> None:
        if isinstance(event, ScoreSheetDrafted):
            if not self.id:
                self.id, self.branch_id, self.month, self.created_at = (
                    event.sheet_id,
                    event.branch_id,
                    event.month,
                    event.occurred_at,
                )
            self.lines, self.prepared_by, self.opens_at = event.lines, event.actor, event.opens_at
        elif isinstance(event, ScoreSheetOpened):
            self.status = SheetStatus.OPEN
        elif isinstance(event, DisciplineScoreSheetApproved):
            self.status, self.approved_by = SheetStatus.APPROVED, event.actor
        self.updated_at = event.occurred_at
