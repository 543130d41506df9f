"""Accountability aggregates <-> rows (CMP-11). The branch filter is part of every read (PLT-01)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from complaints.domain.values import Nature
from complaints.penalties.app.ports import CaseRef
from complaints.penalties.domain.accountability import CaseAccountability, Responsibility
from complaints.penalties.domain.bonus import SanctionDeduction
from complaints.penalties.domain.events import AccountabilityEvent, PenaltyAssessed, complaint_of, details
from complaints.penalties.domain.ledger import LedgerMonth, PersonLedger
from complaints.penalties.domain.rules import ZERO, ResponsibilityLevel, Settlement
from complaints.penalties.domain.sanctions import Sanction
from complaints.penalties.domain.values import SanctionKind, SanctionStatus
from complaints.penalties.persistence.rows import (
    AccountabilityAuditRow,
    LedgerMonthRow,
    PenaltyRow,
    PersonLedgerRow,
    ResponsibilityRow,
    SanctionRow,
)
from complaints.persistence.rows import ComplaintRow
from complaints.persistence.streams import not_found
from cskit.audit import RequestContext
from cskit.db.records import record_from, values_for
from cskit.domain import BranchScope, NotFound
from cskit.domain.codec import dataclass_from_json, fields_to_json


def ledger_from(row: PersonLedgerRow, months: Sequence[LedgerMonthRow]) -> PersonLedger:
    ledger = PersonLedger(row.person_id, row.branch_id, row.outstanding, row.last_settled, version=row.version)
    for m in months:
        settlement = None
        if m.settled_at is not None:
            settlement = Settlement(
                m.carried_in or ZERO, m.assessed, m.bonus or ZERO, m.cap or ZERO, m.deducted or ZERO,
                m.carried_over or ZERO,
            )  # fmt: skip
        sanctions = tuple(dataclass_from_json(SanctionDeduction, x, "sanctions") for x in m.sanctions or ())
        ledger.months[m.month] = LedgerMonth(m.month, m.bonus, m.assessed, settlement, m.settled_at, sanctions)
    return ledger


def sanction_from(row: SanctionRow) -> Sanction:
    return record_from(Sanction, row, kind=SanctionKind(row.kind), status=SanctionStatus(row.status))


def penalty_from(row: PenaltyRow) -> PenaltyAssessed:
    return record_from(
        PenaltyAssessed, row, occurred_at=row.assessed_at, actor=row.assessed_by, penalty_id=row.id,
        level=ResponsibilityLevel(row.level),
    )  # fmt: skip


def responsibility_from(row: ResponsibilityRow) -> Responsibility:
    return Responsibility(
        ResponsibilityLevel(row.level), row.person_id, row.team, row.department, row.reason, row.decided_by,
        row.decided_at,
    )  # fmt: skip


class SqlAccountabilityRepository:
    def __init__(self, session: AsyncSession, scope: BranchScope) -> None:
        self._session = session
        self._scope = scope
        self.cases: dict[str, tuple[CaseAccountability, ResponsibilityRow | None]] = {}
        self.ledgers: dict[str, tuple[PersonLedger, PersonLedgerRow | None]] = {}
        self.sanctions: dict[str, tuple[Sanction, SanctionRow | None]] = {}
        self.assessments: list[tuple[str, Sequence[PenaltyAssessed]]] = []

    async def case(self, complaint_id: str) -> CaseRef:
        row = await self._session.get(ComplaintRow, complaint_id)
        if row is None or not self._scope.allows(row.branch_id):
            raise not_found(complaint_id)
        return CaseRef(row.id, row.branch_id, Nature(row.nature), row.status == "rejected")

    async def accountability(self, case: CaseRef) -> CaseAccountability:
        if case.complaint_id in self.cases:
            return self.cases[case.complaint_id][0]
        row = await self._session.get(ResponsibilityRow, case.complaint_id)
        record = CaseAccountability(case.complaint_id, case.branch_id)
        if row is not None:
            record.responsibility, record.version = responsibility_from(row), row.version
        self.cases[case.complaint_id] = (record, row)
        return record

    async def ledger(self, person_id: str, branch_id: str, *, scoped: bool) -> PersonLedger:
        if person_id in self.ledgers:
            return self.ledgers[person_id][0]
        row = await self._session.get(PersonLedgerRow, person_id)
        if row is None:
            ledger = PersonLedger(person_id, branch_id)
        elif scoped and not self._scope.allows(row.branch_id):
            raise NotFound(f"no ledger for {person_id}", code="ledger_not_found")
        else:
            months = await self._session.scalars(select(LedgerMonthRow).where(LedgerMonthRow.person_id == person_id))
            ledger = ledger_from(row, list(months))
        self.ledgers[person_id] = (ledger, row)
        return ledger

    async def ledgers_to_settle(self, branch_id: str, month: str) -> list[PersonLedger]:
        """Ledgers of the branch with activity in ``month`` or a carry waiting, not closed yet."""
        active = select(LedgerMonthRow.person_id).where(LedgerMonthRow.month == month)
        rows = await self._session.scalars(
            select(PersonLedgerRow)
            .where(PersonLedgerRow.branch_id == branch_id)
            .where(or_(PersonLedgerRow.outstanding > 0, PersonLedgerRow.person_id.in_(active)))
            .order_by(PersonLedgerRow.person_id)
        )
        found = [await self.ledger(r.person_id, branch_id, scoped=True) for r in list(rows)]
        return [x for x in found if x.has_work(month) or (x.months.get(month) and x.months[month].settled)]

    async def sanction(self, sanction_id: str) -> Sanction:
        if sanction_id in self.sanctions:
            return self.sanctions[sanction_id][0]
        row = await self._session.get(SanctionRow, sanction_id)
        if row is None or not self._scope.allows(row.branch_id):
            raise NotFound(f"sanction {sanction_id} not found", code="sanction_not_found")
        sanction = sanction_from(row)
        self.sanctions[sanction_id] = (sanction, row)
        return sanction

    def add_sanction(self, sanction: Sanction) -> None:
        self.sanctions[sanction.id] = (sanction, None)

    def add_assessment(self, assessment_id: str, penalties: Sequence[PenaltyAssessed]) -> None:
        self.assessments.append((assessment_id, penalties))

    async def assessment(self, assessment_id: str) -> list[PenaltyAssessed]:
        rows = await self._session.scalars(
            select(PenaltyRow).where(PenaltyRow.assessment_id == assessment_id).order_by(PenaltyRow.id)
        )
        return [penalty_from(r) for r in rows]

    async def write_changes(self, context: RequestContext) -> list[AccountabilityEvent]:
        """Stage every changed aggregate and its audit rows; the events, in the order they happened."""
        events: list[AccountabilityEvent] = []
        for record, row in self.cases.values():
            if found := record.pull_pending():
                events.extend(found)
                self._write_responsibility(record, row)
        await self._session.flush()  # the case rows first: penalties refer to them
        for assessment_id, penalties in self.assessments:
            for p in penalties:
                self._session.add(
                    PenaltyRow(
                        **values_for(
                            PenaltyRow, p, id=p.penalty_id, assessment_id=assessment_id, assessed_by=p.actor,
                            assessed_at=p.occurred_at,
                        )
                    )
                )  # fmt: skip
        for ledger, ledger_row in self.ledgers.values():
            events.extend(ledger.pull_pending())
            if ledger.dirty:
                await self._write_ledger(ledger, ledger_row)
        for sanction, sanction_row in self.sanctions.values():
            if found_s := sanction.pull_pending():
                events.extend(found_s)
                self._write_sanction(sanction, sanction_row)
        events.sort(key=lambda e: e.occurred_at)  # stable: one call's events keep their order
        for event in events:
            self._session.add(
                AccountabilityAuditRow(
                    complaint_id=complaint_of(event), person_id=getattr(event, "person_id", None) or None,
                    branch_id=event.branch_id, event_type=type(event).__name__, data=details(event),
                    actor=event.actor, occurred_at=event.occurred_at, request_id=context.request_id,
                    client_ip=context.client_ip,
                )
            )  # fmt: skip
        return events

    def _write_responsibility(self, record: CaseAccountability, row: ResponsibilityRow | None) -> None:
        r = record.responsibility
        assert r is not None
        if row is None:
            row = ResponsibilityRow(complaint_id=record.complaint_id)
            self._session.add(row)
        row.branch_id, row.level, row.person_id = record.branch_id, r.level.value, r.person_id
        row.team, row.department, row.reason = r.team, r.department, r.reason
        row.decided_by, row.decided_at = r.decided_by, r.decided_at
        # An UPDATE checks the loaded version (optimistic lock): a concurrent decision fails.
        record.version += 1
        row.version = record.version

    async def _write_ledger(self, ledger: PersonLedger, row: PersonLedgerRow | None) -> None:
        if row is None:
            row = PersonLedgerRow(person_id=ledger.person_id, branch_id=ledger.branch_id)
            self._session.add(row)
        row.outstanding, row.last_settled = ledger.outstanding, ledger.last_settled
        ledger.version += 1
        row.version = ledger.version
        await self._session.flush()
        for month in sorted(ledger.dirty):
            entry = ledger.months[month]
            month_row = await self._session.get(LedgerMonthRow, (ledger.person_id, month))
            if month_row is None:
                month_row = LedgerMonthRow(person_id=ledger.person_id, month=month)
                self._session.add(month_row)
            s = entry.settlement
            month_row.bonus, month_row.assessed, month_row.settled_at = entry.bonus, entry.assessed, entry.settled_at
            month_row.carried_in = s.carried_in if s else None
            month_row.cap = s.cap if s else None
            month_row.deducted = s.deducted if s else None
            month_row.carried_over = s.carried_over if s else None
            month_row.sanctions = [fields_to_json(x) for x in entry.sanctions]
        ledger.dirty.clear()

    def _write_sanction(self, s: Sanction, row: SanctionRow | None) -> None:
        if row is None:
            row = SanctionRow(id=s.id)
            self._session.add(row)
        for column, value in values_for(SanctionRow, s, skip=("id", "version")).items():
            setattr(row, column, value)
        s.version = s.version + (0 if row.version is None else 1)
        row.version = s.version
