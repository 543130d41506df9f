"""The cabinet feed's handler: one report, reconciled once. The same event id again answers
``duplicate`` with what the first made of it; a concurrent duplicate loses the insert race
and, retried, finds the first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from cskit.calls import Call, OnceUnitOfWork
from cskit.domain import Clock
from cskit.retry import DEFAULT_RETRY, retry_write_conflicts
from keys.cabinets.domain.model import (
    CabinetPolicy,
    CabinetReport,
    KeySetAt,
    pick,
    reconcile_report,
    require_gateway,
)
from keys.discrepancies.domain.model import Discrepancy, DiscrepancyKind


@dataclass(frozen=True, slots=True, kw_only=True)
class CabinetOutcome:
    event_id: str
    outcome: str
    key_set_id: str = ""
    discrepancy_id: str = ""
    discrepancy_kind: str = ""


class CaseAdder(Protocol):
    def add(self, aggregate: Discrepancy) -> None: ...


class CabinetUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def cases(self) -> CaseAdder: ...

    async def prior(self, branch_id: str, event_id: str) -> dict[str, Any] | None: ...

    async def candidates(self, branch_id: str, cabinet: str, hook: str, key_code: str) -> list[KeySetAt]: ...

    def log(self, row: dict[str, Any]) -> None: ...


class CabinetUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> CabinetUnitOfWork: ...


class CabinetHandlers:
    def __init__(self, uow: CabinetUnitOfWorkFactory, clock: Clock, policy: CabinetPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self.policy = policy

    def now(self) -> datetime:
        return self._clock.now()

    async def report(self, report: CabinetReport, issuer: str, call: Call) -> CabinetOutcome:
        require_gateway(issuer, self.policy)
        branch = call.actor.branch_id

        async def attempt() -> CabinetOutcome:
            async with self._uow(call) as uow:
                if (prior := await uow.prior(branch, report.event_id)) is not None:
                    return CabinetOutcome(event_id=report.event_id, outcome="duplicate", **prior)
                found = await uow.candidates(branch, report.cabinet, report.hook, report.key_code)
                verdict = reconcile_report(report, pick(found, report))
                now = self._clock.now()
                case_id = str(uuid.uuid4()) if verdict.kind else ""
                if verdict.kind:
                    uow.cases.add(
                        Discrepancy.open(
                            discrepancy_id=case_id,
                            branch_id=branch,
                            key_set_id=verdict.key_set_id,
                            kind=DiscrepancyKind(verdict.kind),
                            pinned_on=verdict.pinned_on,
                            detail=verdict.detail,
                            source_ref=f"cabinet:{report.event_id}",
                            actor=call.actor,
                            now=now,
                        )
                    )
                outcome = CabinetOutcome(
                    event_id=report.event_id,
                    outcome=verdict.outcome,
                    key_set_id=verdict.key_set_id,
                    discrepancy_id=case_id,
                    discrepancy_kind=verdict.kind,
                )
                uow.log(
                    {
                        "branch_id": branch,
                        "event_id": report.event_id,
                        "kind": report.kind.value,
                        "cabinet": report.cabinet,
                        "hook": report.hook,
                        "key_code": report.key_code,
                        "badge": report.badge,
                        "occurred_at": report.occurred_at,
                        "received_at": now,
                        "reported_by": call.actor.subject,
                        "outcome": verdict.outcome,
                        "key_set_id": verdict.key_set_id,
                        "discrepancy_id": case_id,
                        "discrepancy_kind": verdict.kind,
                    }
                )
                await uow.commit()
                return outcome

        return await retry_write_conflicts(attempt, DEFAULT_RETRY)
