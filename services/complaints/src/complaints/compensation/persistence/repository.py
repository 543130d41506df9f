"""Agreements (CMP-09) on the kit's event store, and their read side. The branch filter is
part of every read (PLT-01): another branch's agreement is NotFound, exactly like a missing one."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.compensation.app.ports import AgreementFilter
from complaints.compensation.domain.events import AgreementEvent
from complaints.compensation.domain.model import Agreement, CaseFacts
from complaints.compensation.persistence.rows import AgreementRow
from complaints.intake.app.ports import Page
from complaints.persistence.streams import AGREEMENTS, COMPLAINTS
from cskit.db.keyset import Keyset
from cskit.domain import BranchScope
from cskit.eventstore import Repository, StreamReader
from cskit.pagination import PageTokens


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


OLDEST_FIRST = Keyset("agreements", AgreementRow.created_at, AgreementRow.id)
NEWEST_FIRST = Keyset("agreements-across", AgreementRow.created_at, AgreementRow.id, newest_first=True)


def _filters(query: AgreementFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.statuses:
        where.append(AgreementRow.status.in_(sorted(s.value for s in query.statuses)))
    if query.awaiting_role:
        where.append(AgreementRow.awaiting_role == query.awaiting_role)
    return where


class SqlAgreementReader(StreamReader[Agreement, AgreementEvent]):
    """Reads answer from the read-model documents; none replays a history."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(AGREEMENTS, sessions, tokens=tokens)

    async def list_for_case(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[Agreement], str]:
        """The case's agreements, oldest first; a case of another branch is NotFound (PLT-01)."""
        where = AgreementRow.complaint_id == complaint_id
        return await self.documents(OLDEST_FIRST, scope, page, where, within=(COMPLAINTS, complaint_id))

    async def list_across_cases(
        self, scope: BranchScope, query: AgreementFilter, page: Page
    ) -> tuple[Sequence[Agreement], str]:
        """The agreements of every case the scope sees (its branch; head office: all, PLT-01),
        newest first; the awaiting role is a projection column, so nothing is replayed."""
        return await self.documents(NEWEST_FIRST, scope, page, *_filters(query))
