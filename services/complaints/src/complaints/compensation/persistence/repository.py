"""Agreements (CMP-09) on the kit's event store, and their read side. The branch filter is
part of every read (PLT-01): another branch's agreement is NotFound, exactly like a missing one."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.compensation.domain.events import AgreementEvent
from complaints.compensation.domain.model import Agreement, CaseFacts
from complaints.compensation.persistence.rows import AgreementRow
from complaints.intake.app.ports import HistoryItem, Page
from complaints.persistence.streams import AGREEMENTS, COMPLAINTS, history_items
from cskit.domain import BranchScope
from cskit.eventstore import Repository
from cskit.pagination import PageTokens, page_size


class SqlAgreementRepository(Repository[Agreement, AgreementEvent]):
    def __init__(self, session: AsyncSession, scope: BranchScope) -> None:
        super().__init__(AGREEMENTS, session, scope)

    async def case_facts(self, complaint_id: str) -> CaseFacts:
        case = await COMPLAINTS.read(self.conn, complaint_id, self.scope)
        return CaseFacts(
            complaint_id=case.id,
            number=case.number,
            branch_id=case.branch_id,
            status=case.status,
            compensation_involved=case.compensation_involved,
            unit=case.complainant.address or case.complainant.order_number,
        )


class SqlAgreementReader:
    """Reads answer from the read-model documents; none replays a history."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        self._sessions = sessions
        self._tokens = tokens

    async def get(self, agreement_id: str, scope: BranchScope) -> Agreement:
        async with self._sessions() as session:
            return await AGREEMENTS.read(session, agreement_id, scope)

    async def list_for_case(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[Agreement], str]:
        """The case's agreements, oldest first; a case of another branch is NotFound (PLT-01)."""
        size = page_size(page.size)
        stmt = select(AgreementRow.document, AgreementRow.version, AgreementRow.created_at, AgreementRow.id).where(
            AgreementRow.complaint_id == complaint_id
        )
        if (where := AGREEMENTS.visible(scope)) is not None:
            stmt = stmt.where(where)
        if (cursor := self._tokens.after_key(page.token, "agreements")) is not None:
            at, last_id = cursor
            stmt = stmt.where(
                or_(AgreementRow.created_at > at, and_(AgreementRow.created_at == at, AgreementRow.id > last_id))
            )
        stmt = stmt.order_by(AgreementRow.created_at, AgreementRow.id).limit(size + 1)
        async with self._sessions() as session:
            await COMPLAINTS.require_visible(session, complaint_id, scope)
            rows = (await session.execute(stmt)).all()
        more = len(rows) > size
        rows = rows[:size]
        token = self._tokens.encode("agreements", [rows[-1].created_at, rows[-1].id]) if more else ""
        return [Agreement.from_document(r.document, r.version) for r in rows], token

    async def history(self, agreement_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]:
        async with self._sessions() as session:
            entries, token = await AGREEMENTS.history_page(
                session, agreement_id, scope, page.size, page.token, self._tokens
            )
        return history_items(entries), token
