"""The cabinet feed's unit of work: the report's log row, the discrepancy case it opens and
the case's outbox row commit in one transaction (one write batch)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.cabinets.domain.model import KeySetAt
from keys.cabinets.persistence.rows import CabinetReportRow
from keys.discrepancies.domain.events import DiscrepancyEvent
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.store import DISCREPANCIES
from keys.outbound import OUTBOUND
from keys.register.persistence.rows import KeySetRow


class SqlCabinetUnitOfWork(CallUnitOfWork):
    cases: Repository[Discrepancy, DiscrepancyEvent]

    def open(self) -> None:
        self.cases = self.repository(DISCREPANCIES, OUTBOUND)
        self._rows: list[dict[str, Any]] = []

    async def prior(self, branch_id: str, event_id: str) -> dict[str, Any] | None:
        stmt = select(CabinetReportRow).where(
            CabinetReportRow.branch_id == branch_id, CabinetReportRow.event_id == event_id
        )
        row = (await self.session.execute(stmt)).scalar_one_or_none()
        if row is None:
            return None
        return {c: getattr(row, c) for c in ("key_set_id", "discrepancy_id", "discrepancy_kind")}

    async def candidates(self, branch_id: str, cabinet: str, hook: str, key_code: str) -> list[KeySetAt]:
        """The key set of the fob's code (anywhere in the branch) or on the hook: one query."""
        k = KeySetRow
        named = k.code == key_code if key_code else (k.cabinet == cabinet) & (k.hook == hook)
        stmt = select(k.id, k.code, k.cabinet, k.hook, k.state, k.document).where(
            k.branch_id == branch_id, named, k.state != "retired"
        )
        return [
            KeySetAt(
                key_set_id=r.id,
                code=r.code,
                cabinet=r.cabinet,
                hook=r.hook,
                state=r.state,
                ref=str(r.document.get("ref", "")),
            )
            for r in await self.session.execute(stmt)
        ]

    def log(self, row: dict[str, Any]) -> None:
        self._rows.append(row)

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        await super().stage_changes(batch, context)
        if self._rows:
            batch.insert(CabinetReportRow.__table__, self._rows)  # type: ignore[arg-type]
