"""A unit of work's writes, sent together at commit.

On PostgreSQL every statement of the batch becomes one data-modifying CTE of a single
statement (one round trip, however many tables a change touches); elsewhere they run one by
one in order. Rows for the same table are merged into one multi-row INSERT. Foreign keys
still hold: PostgreSQL checks them at the end of the whole statement.

A *checked* statement (an optimistic UPDATE ... WHERE version = expected) must touch exactly
one row, else the batch raises ``WriteConflict`` (the caller's transaction then rolls back).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Delete, Insert, Table, Update, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cskit.domain.errors import WriteConflict


class WriteBatch:
    def __init__(self) -> None:
        self._rows: dict[Table, list[dict[str, Any]]] = {}
        self._order: list[Table | Insert | Delete | Update] = []
        self._checked: list[Update] = []
        self._notify: set[str] = set()

    def notify(self, channel: str) -> None:
        """PostgreSQL: ``pg_notify(channel)`` in the same statement (delivered at COMMIT,
        dropped on rollback, once per transaction); nothing elsewhere."""
        self._notify.add(channel)

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Plain INSERTs of ``rows`` (every row with the same keys)."""
        if not rows:
            return
        if table not in self._rows:
            self._rows[table] = []
            self._order.append(table)
        self._rows[table].extend(rows)

    def statement(self, stmt: Insert | Delete) -> None:
        """Any other INSERT (an upsert) or a DELETE, run in order with the rest."""
        self._order.append(stmt)

    def checked(self, stmt: Update) -> None:
        """An UPDATE that must match exactly one row (an optimistic version check)."""
        self._checked.append(stmt)
        self._order.append(stmt)

    def _is_checked(self, stmt: object) -> bool:
        return any(stmt is checked for checked in self._checked)

    def __len__(self) -> int:
        return len(self._order)

    def _statements(self) -> list[Insert | Delete | Update]:
        return [insert(item).values(self._rows[item]) if isinstance(item, Table) else item for item in self._order]

    async def flush(self, conn: AsyncSession | AsyncConnection) -> None:
        if not self._order:
            return  # (a notice without a write has nothing to announce)
        dialect = conn.get_bind().dialect.name if isinstance(conn, AsyncSession) else conn.dialect.name
        if dialect == "postgresql":
            await self._flush_one_statement(conn)
        else:
            for stmt in self._statements():
                result = await conn.execute(stmt)
                if self._is_checked(stmt) and getattr(result, "rowcount", 1) != 1:
                    raise _lost()
        self._rows.clear()
        self._order.clear()
        self._checked.clear()
        self._notify.clear()

    async def _flush_one_statement(self, conn: AsyncSession | AsyncConnection) -> None:
        ctes = []
        counted = []
        for n, stmt in enumerate(self._statements()):
            if self._is_checked(stmt):
                assert isinstance(stmt, Update)
                cte = stmt.returning(literal(1).label("hit")).cte(f"w{n}")
                counted.append(cte)
            else:
                cte = stmt.cte(f"w{n}")
            ctes.append(cte)
        # Each checked UPDATE's row count, read from its RETURNING in the same statement.
        checks = [select(func.count()).select_from(c).scalar_subquery() for c in counted]
        notices = [func.pg_notify(channel, "") for channel in sorted(self._notify)]
        final = select(*checks, *notices) if checks or notices else select(literal(1))
        row = (await conn.execute(final.add_cte(*ctes))).one()
        if any(count != 1 for count in row[: len(checks)]):
            raise _lost()


def _lost() -> WriteConflict:
    return WriteConflict("the record changed meanwhile; reload and try again", code="concurrent_change")
