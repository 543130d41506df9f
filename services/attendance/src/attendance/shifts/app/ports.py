"""What the shift register handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from attendance.shifts.domain.model import NamedShift
from cskit.calls import Call, OnceUnitOfWork


class ShiftRepository(Protocol):
    async def get(self, record_id: str) -> NamedShift:
        """The shift, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: NamedShift) -> None: ...


class ShiftsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def shifts(self) -> ShiftRepository: ...


class ShiftsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> ShiftsUnitOfWork: ...
