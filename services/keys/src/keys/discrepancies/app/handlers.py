"""Discrepancy handlers: resolving a case. Cases are opened by the sub-domain that finds
them, in its own unit of work (``Discrepancy.open``)."""

from __future__ import annotations

from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork, act
from cskit.domain import Clock
from keys.discrepancies.domain.commands import ResolveDiscrepancy
from keys.discrepancies.domain.model import Discrepancy


class DiscrepancyRepository(Protocol):
    async def get(self, record_id: str) -> Discrepancy: ...

    def add(self, aggregate: Discrepancy) -> None: ...


class DiscrepanciesUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def cases(self) -> DiscrepancyRepository: ...


class DiscrepanciesUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> DiscrepanciesUnitOfWork: ...


async def case_now(uow: DiscrepanciesUnitOfWork, case_id: str) -> Discrepancy:
    return await uow.cases.get(case_id)


class DiscrepancyHandlers:
    def __init__(self, uow: DiscrepanciesUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def resolve_discrepancy(self, cmd: ResolveDiscrepancy, call: Call) -> Discrepancy:
        return await act(
            self._uow(call),
            cmd.id,
            load=case_now,
            change=lambda c: c.resolve(call.actor, resolution=cmd.resolution, now=self._clock.now()),
            ref=lambda c: c.id,
        )
