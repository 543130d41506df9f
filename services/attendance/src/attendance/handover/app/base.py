"""What every handover handler shares: the unit of work, the clock, the policy, the branch zone,
and the employee records approvals are checked against (``attendance.domain.people``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from attendance.domain.facts import Calendars
from attendance.domain.people import Directory, Employee, Grade
from attendance.handover.app.ports import HandoverUnitOfWork, HandoverUnitOfWorkFactory
from attendance.handover.domain.policy import HandoverPolicy
from cskit.calls import Call, act
from cskit.domain import Clock, Forbidden, InvalidInput

R = TypeVar("R", bound="HasId")


class HasId(Protocol):
    @property
    def id(self) -> str: ...


def ref_of(record: HasId) -> str:
    return record.id


class HandlersBase:
    def __init__(
        self,
        uow: HandoverUnitOfWorkFactory,
        clock: Clock,
        policy: HandoverPolicy,
        zone: ZoneInfo,
        directory: Directory,
        calendars: Calendars,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy
        self._zone = zone
        self._directory = directory
        self._calendars = calendars

    async def _employee(self, call: Call, employee_id: str, field: str) -> Employee:
        found = await self._directory.employee(call.scope, employee_id)
        if found is None or found.branch_id != call.actor.branch_id:
            raise InvalidInput.on(field, f"{employee_id} is not an employee of the branch")
        return found

    async def _graded(self, call: Call, minimum: Grade, action: str) -> Employee:
        """The caller's employee record must hold ``minimum`` grade (roles alone are not enough)."""
        me = await self._directory.employee(call.scope, call.actor.subject)
        if me is None or me.grade < minimum:
            raise Forbidden(f"{action} needs a {minimum.name.lower()} or above", code="grade_required")
        return me

    async def _manager_of(self, call: Call, employee_id: str) -> str:
        """The employee's nearest line manager of manager grade, else the nearest one; "" if none."""
        chain = await self._directory.line_managers(call.scope, employee_id)
        graded = [m for m in chain if m.grade >= Grade.MANAGER]
        nearest = graded or chain
        return nearest[0].id if nearest else ""

    async def _act(
        self,
        call: Call,
        record_id: str,
        load: Callable[[HandoverUnitOfWork, str], Awaitable[R]],
        change: Callable[[R], None],
    ) -> R:
        return await act(self._uow(call), record_id, load=load, change=change, ref=ref_of)
