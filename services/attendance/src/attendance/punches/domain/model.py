"""The punch: one clock event of an employee, from a terminal, the mobile app or a manual
correction (ATT-01). It keeps the device's time and the server's receipt time; the time the
engine counts (``punched_at``) is the device's unless its clock drifted beyond the policy's
bound, then the server's, and the punch is flagged. All instants are UTC (PLT-05)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from attendance.punches.domain.events import PunchEvent, PunchRecorded
from attendance.punches.domain.policy import AttendancePolicy
from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("5d1c6f1e-7a53-4a8e-9d8c-2f6b3f0a11ee")
MAX_REF = 128
# Who may approve a manual correction: a supervisor of the branch (PLT-02), never the employee.
MANUAL_APPROVERS = frozenset({"team_lead", "manager", "director", "general_manager"})


class PunchSource(StrEnum):
    TERMINAL = "terminal"
    MOBILE = "mobile"
    MANUAL = "manual"


def punch_id_of(branch_id: str, source: str, device_id: str, source_punch_id: str) -> str:
    """A device's punch has one id however often it is sent: the terminal's id names it."""
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{source}\x1f{device_id}\x1f{source_punch_id}"))


def checked_ref(value: str, field: str, *, required: bool) -> str:
    text = value.strip()
    if (required and not text) or len(text) > MAX_REF:
        raise InvalidInput.on(field, f"must be {'1' if required else '0'} to {MAX_REF} characters")
    return text


class Punch(EventSourced[PunchEvent]):
    """Build it with ``record`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    employee_id: str
    source: PunchSource
    device_id: str
    source_punch_id: str
    device_time: datetime
    received_at: datetime
    punched_at: datetime
    clock_drift_flagged: bool
    approved_by: str
    recorded_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.device_id = self.source_punch_id = ""
        self.source = PunchSource.TERMINAL
        self.device_time = self.received_at = self.punched_at = self.created_at = self.updated_at = _EPOCH
        self.clock_drift_flagged = False
        self.approved_by = self.recorded_by = ""

    @classmethod
    @enforces("ATT-01")
    def record(
        cls,
        *,
        punch_id: str,
        actor: Actor,
        employee_id: str,
        source: str,
        device_id: str,
        source_punch_id: str,
        device_time: datetime,
        now: datetime,
        policy: AttendancePolicy,
    ) -> Punch:
        """A terminal or mobile punch names its device and the device's punch id; a manual
        correction is recorded by its approver, never for themselves (PLT-02), at the time
        the approver enters (not in the future). A device clock off by more than the policy's
        bound is flagged and the server's receipt time counts instead."""
        try:
            kind = PunchSource(source.strip().lower())
        except ValueError as exc:
            raise InvalidInput.on("source", "must be terminal, mobile or manual") from exc
        employee = checked_ref(employee_id, "employee_id", required=True)
        device = checked_ref(device_id, "device_id", required=kind is not PunchSource.MANUAL)
        ref = checked_ref(source_punch_id, "source_punch_id", required=kind is not PunchSource.MANUAL)
        if device_time.tzinfo is None:
            raise InvalidInput.on("device_time", "must carry its UTC offset")
        device_time = device_time.astimezone(UTC)
        approved_by, drifted, counted = "", False, device_time
        if kind is PunchSource.MANUAL:
            if actor.subject == employee:
                raise InvalidInput.on("employee_id", "a manual punch needs an approver other than the employee")
            require_role(actor, MANUAL_APPROVERS, action="approving a manual punch")
            if device_time > now:
                raise InvalidInput.on("device_time", "a manual punch cannot be in the future")
            approved_by = actor.subject
        elif abs(device_time - now) > policy.max_clock_drift:
            drifted, counted = True, now
        punch = cls()
        punch._record(
            PunchRecorded(
                punch_id=punch_id,
                branch_id=actor.branch_id,
                employee_id=employee,
                source=kind.value,
                device_id=device,
                source_punch_id=ref,
                device_time=device_time,
                received_at=now,
                punched_at=counted,
                clock_drift_flagged=drifted,
                approved_by=approved_by,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return punch

    def _apply(self, event: PunchEvent) -> None:
        self.id, self.branch_id, self.employee_id = event.punch_id, event.branch_id, event.employee_id
        self.source, self.device_id, self.source_punch_id = (
            PunchSource(event.source),
            event.device_id,
            event.source_punch_id,
        )
        self.device_time, self.received_at, self.punched_at = event.device_time, event.received_at, event.punched_at
        self.clock_drift_flagged, self.approved_by, self.recorded_by = (
            event.clock_drift_flagged,
            event.approved_by,
            event.actor,
        )
        self.created_at = self.updated_at = event.occurred_at
