"""An overtime claim (OT-01..OT-03): the employee's own, for worked hours on a date, signed by
both department levels. Ordinary overtime is a rostered rest day in a week over 40 hours
(OT-01); on a statutory holiday the claim earns triple pay unless a missed punch was not
registered and approved on that same day (OT-03). A claim that is neither is refused."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from attendance.domain.approval import ApprovalLevels, approval_level, require_line_manager, signatures
from attendance.domain.people import Employee
from attendance.overtime.domain.events import (
    OvertimeApproved,
    OvertimeClaimed,
    OvertimeEvent,
    OvertimeRejected,
    OvertimeSigned,
)
from attendance.overtime.domain.rules import Cycle, earns_triple_pay
from cskit.domain import Actor, Conflict, InvalidInput
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ClaimState(StrEnum):
    FILED = "filed"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True, kw_only=True)
class DayFacts:
    """What the claim's date was: rostered rest day, the week's attendance, a statutory
    holiday, and whether the claim's span lacks a clock-in or clock-out."""

    rest_day: bool
    week_minutes: int
    statutory_holiday: bool
    missed_punch: bool


class OvertimeClaim(EventSourced[OvertimeEvent]):
    id: str
    branch_id: str
    employee_id: str
    day: str
    start: datetime
    end: datetime
    minutes: int
    reason: str
    cycle_start: str
    cycle_due: str
    rest_day: bool
    week_minutes: int
    ordinary: bool
    statutory_holiday: bool
    missed_punch: bool
    state: ClaimState
    filed_at: datetime
    first_approver: str
    first_signed_at: datetime | None
    second_approver: str
    approved_at: datetime | None
    approved_minutes: int
    triple_pay: bool
    rejection: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.day = self.reason = ""
        self.cycle_start = self.cycle_due = self.first_approver = self.second_approver = self.rejection = ""
        self.start = self.end = self.filed_at = self.created_at = self.updated_at = _EPOCH
        self.minutes = self.week_minutes = self.approved_minutes = 0
        self.rest_day = self.ordinary = self.statutory_holiday = self.missed_punch = self.triple_pay = False
        self.state = ClaimState.FILED
        self.first_signed_at = self.approved_at = None

    @classmethod
    def claim(
        cls,
        *,
        actor: Actor,
        employee: Employee,
        day: date,
        start: datetime,
        end: datetime,
        reason: str,
        cycle: Cycle,
        facts: DayFacts,
        ordinary: bool,
        now: datetime,
    ) -> OvertimeClaim:
        """``ordinary``: OT-01's verdict. Outside a statutory holiday a claim OT-01 refuses is refused."""
        if not ordinary and not facts.statutory_holiday:
            raise InvalidInput(
                "only hours on a rostered rest day in a week over the bound are overtime",
                code="overtime_not_eligible",
                rule_id="OT-01",
            )
        record = cls()
        record._record(
            OvertimeClaimed(
                claim_id=str(uuid.uuid4()),
                branch_id=employee.branch_id,
                employee_id=employee.id,
                day=day.isoformat(),
                start=start.astimezone(UTC),
                end=end.astimezone(UTC),
                minutes=int((end - start).total_seconds()) // 60,
                reason=reason,
                cycle_start=cycle.start.isoformat(),
                cycle_due=cycle.due.isoformat(),
                rest_day=facts.rest_day,
                week_minutes=facts.week_minutes,
                ordinary=ordinary,
                statutory_holiday=facts.statutory_holiday,
                missed_punch=facts.missed_punch,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return record

    @property
    def signed(self) -> list[str]:
        return signatures(self.first_approver, self.second_approver)

    def approve(
        self, *, actor: Actor, chain: Sequence[Employee], levels: ApprovalLevels, now: datetime, zone: ZoneInfo
    ) -> None:
        """Both department levels sign (OT-01); the second signature fixes the hours and pay."""
        if self.state is not ClaimState.FILED:
            raise Conflict(f"the claim is {self.state.value}", code="overtime_decided")
        level = approval_level(
            requester_id=self.employee_id, chain=chain, approver_id=actor.subject, signed=self.signed, levels=levels
        )
        if level == 1:
            self._record(
                OvertimeSigned(
                    claim_id=self.id,
                    branch_id=self.branch_id,
                    employee_id=self.employee_id,
                    level=1,
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
            return
        signed_at = [t for t in (self.first_signed_at, now) if t is not None]
        triple = earns_triple_pay(
            statutory_holiday=self.statutory_holiday,
            missed_punch=self.missed_punch,
            day=date.fromisoformat(self.day),
            filed_at=self.filed_at,
            signed_at=signed_at,
            zone=zone,
        )
        self._record(
            OvertimeApproved(
                claim_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                day=self.day,
                minutes=self.minutes if triple or self.ordinary else 0,
                triple_pay=triple,
                first_approver=self.first_approver,
                second_approver=actor.subject,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def reject(self, *, actor: Actor, chain: Sequence[Employee], reason: str, now: datetime) -> None:
        if self.state is not ClaimState.FILED:
            raise Conflict(f"the claim is {self.state.value}", code="overtime_decided")
        require_line_manager(requester_id=self.employee_id, chain=chain, approver_id=actor.subject)
        self._record(
            OvertimeRejected(
                claim_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                day=self.day,
                reason=reason,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: OvertimeEvent) -> None:
        if isinstance(event, OvertimeClaimed):
            self.id, self.branch_id, self.employee_id, self.day = (
                event.claim_id,
                event.branch_id,
                event.employee_id,
                event.day,
            )
            self.start, self.end, self.minutes, self.reason = event.start, event.end, event.minutes, event.reason
            self.cycle_start, self.cycle_due = event.cycle_start, event.cycle_due
            self.rest_day, self.week_minutes, self.ordinary = event.rest_day, event.week_minutes, event.ordinary
            self.statutory_holiday, self.missed_punch = event.statutory_holiday, event.missed_punch
            self.filed_at = self.created_at = event.occurred_at
        elif isinstance(event, OvertimeSigned):
            self.first_approver, self.first_signed_at = event.actor, event.occurred_at
        elif isinstance(event, OvertimeApproved):
            self.second_approver, self.approved_at = event.actor, event.occurred_at
            self.approved_minutes, self.triple_pay, self.state = event.minutes, event.triple_pay, ClaimState.APPROVED
        else:
            self.rejection, self.state = event.reason, ClaimState.REJECTED
        self.updated_at = event.occurred_at
