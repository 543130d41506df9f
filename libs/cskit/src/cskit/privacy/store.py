"""The customer-data trail and export grants on a service's session (PLT-06, PLT-04).

Written in the caller's transaction: a reveal's entries commit with nothing else to do, an
export's entries commit before its file is answered, so no clear value leaves unrecorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from cskit.pagination import PageTokens, page_size
from cskit.privacy.access import AccessAction, AccessEntry, AccessQuery, ExportGrant
from cskit.privacy.masks import PersonalKind
from cskit.privacy.rows import ExportGrantRow, PersonalDataAccessRow

_TOKEN_KIND = "personal_data_access"


async def record_access(session: AsyncSession, entries: Sequence[AccessEntry]) -> None:
    if not entries:
        return
    await session.execute(
        insert(PersonalDataAccessRow),
        [
            {
                "occurred_at": e.occurred_at,
                "action": e.action.value,
                "subject": e.subject,
                "actor_branch_id": e.actor_branch_id,
                "record_type": e.record_type,
                "record_id": e.record_id,
                "record_branch_id": e.record_branch_id,
                "field": e.field,
                "kind": e.kind.value,
                "reason": e.reason,
                "request_id": e.request_id,
                "client_ip": e.client_ip,
                "grant_id": e.grant_id,
            }
            for e in entries
        ],
    )


async def list_access(
    session: AsyncSession, query: AccessQuery, *, size: int, token: str, tokens: PageTokens
) -> tuple[list[AccessEntry], str]:
    """Newest first, in the caller's branch scope; filter by record, field and subject."""
    stmt = select(PersonalDataAccessRow)
    if not query.scope.everything:
        stmt = stmt.where(PersonalDataAccessRow.record_branch_id.in_(sorted(query.scope.branches or ())))
    if query.record_id:
        stmt = stmt.where(PersonalDataAccessRow.record_id == query.record_id)
    if query.field:
        stmt = stmt.where(PersonalDataAccessRow.field == query.field)
    if query.subject:
        stmt = stmt.where(PersonalDataAccessRow.subject == query.subject)
    before = tokens.decode(token, _TOKEN_KIND, (int,)) if token else None
    if before is not None:
        stmt = stmt.where(PersonalDataAccessRow.id < before[0])
    limit = page_size(size)
    rows = (await session.scalars(stmt.order_by(PersonalDataAccessRow.id.desc()).limit(limit + 1))).all()
    next_token = tokens.encode(_TOKEN_KIND, [rows[limit - 1].id]) if len(rows) > limit else ""
    return [_entry(r) for r in rows[:limit]], next_token


def _entry(row: PersonalDataAccessRow) -> AccessEntry:
    return AccessEntry(
        occurred_at=row.occurred_at,
        action=AccessAction(row.action),
        subject=row.subject,
        actor_branch_id=row.actor_branch_id,
        record_type=row.record_type,
        record_id=row.record_id,
        record_branch_id=row.record_branch_id,
        field=row.field,
        kind=PersonalKind(row.kind),
        reason=row.reason,
        request_id=row.request_id,
        client_ip=row.client_ip,
        grant_id=row.grant_id,
    )


async def save_grant(session: AsyncSession, grant: ExportGrant) -> None:
    session.add(
        ExportGrantRow(
            id=grant.id,
            export=grant.export,
            branch_id=grant.branch_id,
            grantee=grant.grantee,
            granted_by=grant.granted_by,
            granted_at=grant.granted_at,
            valid_until=grant.valid_until,
            reason=grant.reason,
        )
    )
    await session.flush()


async def grants_for(
    session: AsyncSession, *, grantee: str, export: str, branch_id: str, at: datetime
) -> list[ExportGrant]:
    """The grants that may cover this export now (``require_export_grant`` decides)."""
    rows = await session.scalars(
        select(ExportGrantRow).where(
            ExportGrantRow.grantee == grantee,
            ExportGrantRow.export == export,
            ExportGrantRow.branch_id == branch_id,
            ExportGrantRow.valid_until > at,
        )
    )
    return [
        ExportGrant(
            id=r.id,
            export=r.export,
            branch_id=r.branch_id,
            grantee=r.grantee,
            granted_by=r.granted_by,
            granted_at=r.granted_at,
            valid_until=r.valid_until,
            reason=r.reason,
        )
        for r in rows
    ]
