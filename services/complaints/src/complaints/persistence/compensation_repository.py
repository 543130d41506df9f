"""Agreements <-> rows (CMP-09), and the read side. The branch filter is part of every read
(PLT-01): another branch's agreement is NotFound, exactly like a missing one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from complaints.app.ports import HistoryItem, Page
from complaints.domain.compensation import Agreement, CaseFacts
from complaints.domain.compensation_events import (
    AgreementEvent,
    agreement_event_from_dict,
    agreement_event_to_dict,
    agreement_event_type,
)
from complaints.persistence.compensation_rows import AgreementEventRow, AgreementRow
from complaints.persistence.history import history_page
from complaints.persistence.repository import SqlComplaintRepository, not_found
from complaints.persistence.rows import ComplaintRow
from cskit.audit import RequestContext
from cskit.domain import BranchScope, NotFound
from cskit.pagination import PageTokens, page_size


def agreement_not_found(agreement_id: str) -> NotFound:
    return NotFound(f"agreement {agreement_id} not found", code="agreement_not_found")


def _history_query(ids: list[str], scope: BranchScope) -> Select[tuple[str, str, dict[str, Any]]]:
    stmt = (
        select(AgreementEventRow.agreement_id, AgreementEventRow.event_type, AgreementEventRow.data)
        .where(AgreementEventRow.agreement_id.in_(ids))
        .order_by(AgreementEventRow.agreement_id, AgreementEventRow.sequence)
    )
    if scope.branches is not None:
        stmt = stmt.join(AgreementRow, AgreementRow.id == AgreementEventRow.agreement_id).where(
            AgreementRow.branch_id.in_(scope.branches)
        )
    return stmt


async def load_agreement_histories(
    conn: AsyncSession | AsyncConnection, ids: list[str], scope: BranchScope
) -> dict[str, list[AgreementEvent]]:
    histories: dict[str, list[AgreementEvent]] = {}
    for agreement_id, kind, data in await conn.execute(_history_query(ids, scope)):
        histories.setdefault(agreement_id, []).append(agreement_event_from_dict(kind, data))
    return histories


class SqlAgreementRepository:
    def __init__(self, session: AsyncSession, scope: BranchScope) -> None:
        self._session = session
        self._scope = scope
        self.seen: dict[str, tuple[Agreement, AgreementRow | None]] = {}

    async def get(self, agreement_id: str) -> Agreement:
        if agreement_id in self.seen:
            return self.seen[agreement_id][0]
        row = await self._session.get(AgreementRow, agreement_id)
        if row is None or not self._scope.allows(row.branch_id):
            raise agreement_not_found(agreement_id)
        agreement = Agreement.rebuild(
            (await load_agreement_histories(self._session, [agreement_id], self._scope))[agreement_id]
        )
        self.seen[agreement_id] = (agreement, row)
        return agreement

    def add(self, agreement: Agreement) -> None:
        self.seen[agreement.id] = (agreement, None)

    async def case_facts(self, complaint_id: str) -> CaseFacts:
        case = await SqlComplaintRepository(self._session, self._scope).get(complaint_id)
        return CaseFacts(
            complaint_id=case.id,
            number=case.number,
            branch_id=case.branch_id,
            status=case.status,
            compensation_involved=case.compensation_involved,
            unit=case.complainant.address or case.complainant.order_number,
        )

    async def write_changes(self, context: RequestContext) -> list[tuple[Agreement, list[AgreementEvent]]]:
        """Stage every seen agreement's new events and projection; returns what changed."""
        changed: list[tuple[Agreement, list[AgreementEvent]]] = []
        for agreement, row in self.seen.values():
            first_sequence = agreement.loaded_version + 1
            events = agreement.pull_pending()
            if not events:
                continue
            await self._project(agreement, row)
            for offset, event in enumerate(events):
                self._session.add(
                    AgreementEventRow(
                        agreement_id=agreement.id,
                        sequence=first_sequence + offset,
                        event_type=agreement_event_type(event),
                        data=agreement_event_to_dict(event),
                        actor=event.actor,
                        occurred_at=event.occurred_at,
                        request_id=context.request_id,
                        client_ip=context.client_ip,
                    )
                )
            changed.append((agreement, events))
        return changed

    async def _project(self, agreement: Agreement, row: AgreementRow | None) -> None:
        new = row is None
        if row is None:
            row = AgreementRow(id=agreement.id)
            self._session.add(row)
        row.complaint_id = agreement.complaint_id
        row.branch_id = agreement.branch_id
        row.status = agreement.status.value
        row.amount = agreement.amount
        row.currency = agreement.currency
        row.payee_name = agreement.payee.name
        row.drafted_by = agreement.drafted_by
        row.created_at = agreement.created_at
        row.updated_at = agreement.updated_at
        row.paid_at = agreement.payment.paid_at if agreement.payment else None
        # An UPDATE checks the loaded version (optimistic lock): a concurrent change fails.
        row.version = agreement.version
        if new:
            await self._session.flush()


class SqlAgreementReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine, *, tokens: PageTokens) -> None:
        self._sessions = sessions
        self._engine = engine
        self._tokens = tokens

    async def get(self, agreement_id: str, scope: BranchScope) -> Agreement:
        async with self._engine.connect() as conn:
            history = (await load_agreement_histories(conn, [agreement_id], scope)).get(agreement_id)
        if history is None:
            raise agreement_not_found(agreement_id)
        return Agreement.rebuild(history)

    async def list_for_case(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[Agreement], str]:
        """The case's agreements, oldest first; a case of another branch is NotFound (PLT-01)."""
        size = page_size(page.size)
        stmt = select(AgreementRow).where(AgreementRow.complaint_id == complaint_id)
        if scope.branches is not None:
            stmt = stmt.where(AgreementRow.branch_id.in_(scope.branches))
        if (cursor := self._tokens.after_key(page.token, "agreements")) is not None:
            at, last_id = cursor
            stmt = stmt.where(
                or_(AgreementRow.created_at > at, and_(AgreementRow.created_at == at, AgreementRow.id > last_id))
            )
        stmt = stmt.order_by(AgreementRow.created_at, AgreementRow.id).limit(size + 1)
        async with self._sessions() as session:
            case = await session.get(ComplaintRow, complaint_id)
            if case is None or not scope.allows(case.branch_id):
                raise not_found(complaint_id)
            rows = list(await session.scalars(stmt))
            more = len(rows) > size
            rows = rows[:size]
            histories = await load_agreement_histories(session, [r.id for r in rows], scope)
        token = self._tokens.encode("agreements", [rows[-1].created_at, rows[-1].id]) if more else ""
        return [Agreement.rebuild(histories[r.id]) for r in rows], token

    async def history(self, agreement_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]:
        async with self._sessions() as session:
            row = await session.get(AgreementRow, agreement_id)
            if row is None or not scope.allows(row.branch_id):
                raise agreement_not_found(agreement_id)
            return await history_page(
                session, AgreementEventRow, AgreementEventRow.agreement_id, agreement_id, page, self._tokens
            )
