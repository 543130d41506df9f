"""An out-of-office record (ATT-07): work outside the office on a date, with its reason and
from-to, signed at two levels. Filed before leaving; when that was impossible, the employee
phones first (a supervisor records the announcement at the time, ``announce``) and the record
is filed and approved on the day of return. Only an approved record covers the missed
punches of its span (``attendance.domain.facts.OutOfOfficeFacts``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from attendance.domain.approval import ApprovalLevels, approval_level, require_line_manager, signatures
from attendance.domain.people import Employee
from attendance.outofoffice.domain.events import (
    OutOfOfficeAnnounced,
    OutOfOfficeApproved,
    OutOfOfficeEvent,
    OutOfOfficeFiled,
    OutOfOfficeRejected,
    OutOfOfficeSigned,
)
from cskit.domain import Actor, Conflict, Forbidden, InvalidInput, enforces
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class OutOfOfficeState(StrEnum):
    ANNOUNCED = "announced"
    FILED = "filed"
    APPROVED = "approved"
    REJECTED = "rejected"


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


@enforces("ATT-07")
def require_in_time(
    *, filed_at: datetime, start: datetime, end: datetime, announced_at: datetime | None, now: datetime, zone: ZoneInfo
) -> bool:
    """Filing (``filed_at`` = ``now``) or signing at ``now`` is in time; answers whether the
    record is filed late. Before leaving: always in time. After leaving: only on a phone
    announcement recorded before leaving, and only on the day of return (the branch-local
    date of ``end``) — filing the day after return is refused, and so is a signature then."""
    if filed_at <= start:
        return False
    if announced_at is None or announced_at > start:
        raise InvalidInput(
            "an out-of-office record is filed before leaving, or announced by phone first",
            code="out_of_office_not_announced",
            rule_id="ATT-07",
        )
    if local_date(now, zone) != local_date(end, zone):
        raise InvalidInput(
            "a record announced by phone is filed and approved on the day of return",
            code="out_of_office_not_on_return_day",
            rule_id="ATT-07",
        )
    return True


class OutOfOfficeRecord(EventSourced[OutOfOfficeEvent]):
    id: str
    branch_id: str
    employee_id: str
    day: str
    reason: str
    start: datetime
    end: datetime
    state: OutOfOfficeState
    announced_by: str
    announced_at: datetime | None
    filed_at: datetime | None
    late_filed: bool
    first_approver: str
    second_approver: str
    decided_at: datetime | None
    rejection: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.day = self.reason = ""
        self.announced_by = self.first_approver = self.second_approver = self.rejection = ""
        self.start = self.end = self.created_at = self.updated_at = _EPOCH
        self.state = OutOfOfficeState.ANNOUNCED
        self.announced_at = self.filed_at = self.decided_at = None
        self.late_filed = False

    @property
    def signed(self) -> list[str]:
        return signatures(self.first_approver, self.second_approver)

    @classmethod
    def announce(
        cls, *, actor: Actor, employee: Employee, chain: Sequence[Employee], day: date, now: datetime
    ) -> OutOfOfficeRecord:
        """A supervisor in the employee's line records the phone call, at the time it came."""
        if actor.subject == employee.id:
            raise Forbidden("the employee's supervisor records the phone call", code="self_announcement")
        if actor.subject not in {e.id for e in chain}:
            raise Forbidden("only the employee's line managers record the call", code="not_in_line_management")
        record = cls()
        record._record(
            OutOfOfficeAnnounced(
                record_id=str(uuid.uuid4()),
                branch_id=employee.branch_id,
                employee_id=employee.id,
                day=day.isoformat(),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return record

    @classmethod
    def file_new(
        cls, *, actor: Actor, day: date, reason: str, start: datetime, end: datetime, now: datetime, zone: ZoneInfo
    ) -> OutOfOfficeRecord:
        record = cls()
        record.id, record.branch_id, record.employee_id = str(uuid.uuid4()), actor.branch_id, actor.subject
        record.state = OutOfOfficeState.FILED  # not announced: the file below checks it as such
        record._file(actor=actor, day=day, reason=reason, start=start, end=end, now=now, zone=zone)
        return record

    def file(
        self, *, actor: Actor, day: date, reason: str, start: datetime, end: datetime, now: datetime, zone: ZoneInfo
    ) -> None:
        """File the details of an announced record: the employee's own, for the announced date."""
        if self.state is not OutOfOfficeState.ANNOUNCED:
            raise Conflict(f"the record is {self.state.value}", code="out_of_office_not_announced_state")
        if actor.subject != self.employee_id:
            raise Forbidden("the employee files their own record", code="not_the_employee")
        if day.isoformat() != self.day:
            raise InvalidInput.on("day", "must be the announced date")
        self._file(actor=actor, day=day, reason=reason, start=start, end=end, now=now, zone=zone)

    def _file(
        self, *, actor: Actor, day: date, reason: str, start: datetime, end: datetime, now: datetime, zone: ZoneInfo
    ) -> None:
        late = require_in_time(filed_at=now, start=start, end=end, announced_at=self.announced_at, now=now, zone=zone)
        self._record(
            OutOfOfficeFiled(
                record_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                day=day.isoformat(),
                reason=reason,
                start=start.astimezone(UTC),
                end=end.astimezone(UTC),
                late_filed=late,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def approve(
        self, *, actor: Actor, chain: Sequence[Employee], levels: ApprovalLevels, now: datetime, zone: ZoneInfo
    ) -> None:
        if self.state is not OutOfOfficeState.FILED:
            raise Conflict(f"the record is {self.state.value}", code="out_of_office_not_filed")
        level = approval_level(
            requester_id=self.employee_id, chain=chain, approver_id=actor.subject, signed=self.signed, levels=levels
        )
        if self.filed_at is not None:
            require_in_time(
                filed_at=self.filed_at,
                start=self.start,
                end=self.end,
                announced_at=self.announced_at,
                now=now,
                zone=zone,
            )
        if level == 1:
            self._record(
                OutOfOfficeSigned(
                    record_id=self.id,
                    branch_id=self.branch_id,
                    employee_id=self.employee_id,
                    level=1,
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
            return
        self._record(
            OutOfOfficeApproved(
                record_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                day=self.day,
                start=self.start,
                end=self.end,
                first_approver=self.first_approver,
                second_approver=actor.subject,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def reject(self, *, actor: Actor, chain: Sequence[Employee], reason: str, now: datetime) -> None:
        if self.state not in (OutOfOfficeState.ANNOUNCED, OutOfOfficeState.FILED):
            raise Conflict(f"the record is {self.state.value}", code="out_of_office_decided")
        require_line_manager(requester_id=self.employee_id, chain=chain, approver_id=actor.subject)
        self._record(
            OutOfOfficeRejected(
                record_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                day=self.day,
                reason=reason,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: OutOfOfficeEvent) -> None:
        if isinstance(event, OutOfOfficeAnnounced):
            self.id, self.branch_id, self.employee_id, self.day = (
                event.record_id,
                event.branch_id,
                event.employee_id,
                event.day,
            )
            self.announced_by, self.announced_at, self.created_at = event.actor, event.occurred_at, event.occurred_at
            self.state = OutOfOfficeState.ANNOUNCED
        elif isinstance(event, OutOfOfficeFiled):
            if not self.id or self.created_at == _EPOCH:
                self.id, self.branch_id, self.employee_id = event.record_id, event.branch_id, event.employee_id
                self.created_at = event.occurred_at
            self.day, self.reason, self.start, self.end = event.day, event.reason, event.start, event.end
            self.filed_at, self.late_filed, self.state = event.occurred_at, event.late_filed, OutOfOfficeState.FILED
        elif isinstance(event, OutOfOfficeSigned):
            self.first_approver = event.actor
        elif isinstance(event, OutOfOfficeApproved):
            self.second_approver, self.decided_at = event.actor, event.occurred_at
            self.state = OutOfOfficeState.APPROVED
        else:
            self.rejection, self.decided_at, self.state = event.reason, event.occurred_at, OutOfOfficeState.REJECTED
        self.updated_at = event.occurred_at
