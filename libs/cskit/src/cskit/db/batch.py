"""A unit of work's writes, sent together at commit.

On PostgreSQL every write of the batch becomes one data-modifying CTE of a single statement
(one round trip, however many tables a change touches); elsewhere they run one by one in
order. Foreign keys still hold: PostgreSQL checks them at the end of the whole statement.

Each write is a *template* (its SQL with named parameters) plus its values, so a given
shape of change (a new case: one projection row, one event, three clocks, one outbox row,
a timer, an idempotency key) builds and compiles its statement once per process; later
commits of that shape only bind values. Building SQLAlchemy statements per call cost more
CPU than the round trips the batch saves.

A *checked* write (an optimistic ``UPDATE ... WHERE version = expected``) must touch
exactly one row, else the batch raises ``WriteConflict`` (the caller's transaction then
rolls back).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Delete, Executable, Insert, Table, Update, bindparam, func, literal, select
from sqlalchemy import delete as sql_delete
from sqlalchemy import insert as sql_insert
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cskit.domain.errors import WriteConflict

Statement = Insert | Update | Delete
Build = Callable[[str, str], Statement]  # (parameter prefix, dialect) -> statement


@dataclass(slots=True)
class _Write:
    # The template's identity: equal shapes build equal statements.
    key: tuple[Any, ...]
    build: Build | None
    values: Mapping[str, Any]
    checked: bool = False
    # A plain INSERT's table and rows (``build`` and ``values`` then unused).
    table: Table | None = None
    rows: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def shape(self) -> tuple[Any, ...]:
        return self.key if self.table is None else (*self.key, len(self.rows))

    def template(self) -> Build:
        if self.build is not None:
            return self.build
        table, names, count = self.table, tuple(self.rows[0]), len(self.rows)
        assert table is not None

        def build(prefix: str, _dialect: str) -> Statement:
            if count == 1:
                return sql_insert(table).values(_params(table, prefix + "r0_", names))
            return sql_insert(table).values([_params(table, f"{prefix}r{i}_", names) for i in range(count)])

        return build

    def bound(self) -> dict[str, Any]:
        if self.table is None:
            return dict(self.values)
        return {f"r{i}_{name}": value for i, row in enumerate(self.rows) for name, value in row.items()}


def _params(table: Table, prefix: str, names: Sequence[str]) -> dict[str, Any]:
    return {name: bindparam(prefix + name, type_=table.c[name].type) for name in names}


class WriteBatch:
    def __init__(self) -> None:
        self._writes: list[_Write] = []
        self._notify: set[str] = set()

    def notify(self, channel: str) -> None:
        """PostgreSQL: ``pg_notify(channel)`` in the same statement (delivered at COMMIT,
        dropped on rollback, once per transaction); nothing elsewhere."""
        self._notify.add(channel)

    def insert(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Plain INSERTs of ``rows`` (all with the same columns). A table's rows go in one
        INSERT, in order: PostgreSQL runs the CTEs of a statement in no set order, and a
        serial id (the outbox's, which the relays publish by) must follow the rows' order.
        (Several rows make a multi-row VALUES, which SQLAlchemy compiles anew each time: the
        common commit has one row per table.)"""
        if not rows:
            return
        for write in self._writes:
            if write.table is table:
                write.rows.extend(rows)
                return
        self._writes.append(_Write(("insert", table.name, tuple(rows[0])), None, {}, table=table, rows=list(rows)))

    def upsert(
        self,
        table: Table,
        row: Mapping[str, Any],
        *,
        conflict: Sequence[str],
        update: Sequence[str],
        where: ColumnElement[bool] | None = None,
        constants: Mapping[str, Any] | None = None,
    ) -> None:
        """INSERT ``row``, or on a ``conflict`` (unique index, partial when ``where``) set the
        ``update`` columns to the new row's values and the ``constants`` to theirs."""
        names, fixed = tuple(row), dict(constants or {})

        def build(prefix: str, dialect: str) -> Statement:
            stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(table).values(
                _params(table, prefix, names)
            )
            return stmt.on_conflict_do_update(
                index_elements=list(conflict),
                index_where=where,
                set_={**{c: stmt.excluded[c] for c in update}, **fixed},
            )

        key = ("upsert", table.name, names, tuple(conflict), tuple(update), str(where), tuple(sorted(fixed.items())))
        self._writes.append(_Write(key, build, row))

    def delete(self, table: Table, match: Mapping[str, Any], where: ColumnElement[bool] | None = None) -> None:
        """DELETE the rows equal to ``match`` (and ``where``)."""
        names = tuple(match)

        def build(prefix: str, _dialect: str) -> Statement:
            stmt = sql_delete(table).where(*[table.c[n] == p for n, p in _params(table, prefix, names).items()])
            return stmt if where is None else stmt.where(where)

        self._writes.append(_Write(("delete", table.name, names, str(where)), build, match))

    def checked_update(self, table: Table, match: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        """UPDATE the one row equal to ``match`` (an id and its expected version) to ``values``;
        no such row is a ``WriteConflict``."""
        where_names, set_names = tuple(match), tuple(values)

        def build(prefix: str, _dialect: str) -> Statement:
            conditions = [table.c[n] == p for n, p in _params(table, prefix + "where_", where_names).items()]
            return sql_update(table).where(*conditions).values(_params(table, prefix, set_names))

        key = ("update", table.name, where_names, set_names)
        bound = {**{f"where_{n}": v for n, v in match.items()}, **values}
        self._writes.append(_Write(key, build, bound, checked=True))

    def __len__(self) -> int:
        return len(self._writes)

    async def flush(self, conn: AsyncSession | AsyncConnection) -> None:
        if not self._writes:
            return  # (a notice without a write has nothing to announce)
        dialect = conn.get_bind().dialect.name if isinstance(conn, AsyncSession) else conn.dialect.name
        if dialect == "postgresql":
            await self._flush_one_statement(conn)
        else:
            for write in self._writes:
                result = await conn.execute(_one_template(write.shape, dialect, write.template()), write.bound())
                if write.checked and getattr(result, "rowcount", 1) != 1:
                    raise _lost()
        self._writes.clear()
        self._notify.clear()

    async def _flush_one_statement(self, conn: AsyncSession | AsyncConnection) -> None:
        keys = tuple((w.shape, w.checked) for w in self._writes)
        stmt = _combined(keys, tuple(w.template() for w in self._writes), tuple(sorted(self._notify)))
        params = {f"w{n}_{name}": value for n, w in enumerate(self._writes) for name, value in w.bound().items()}
        row = (await conn.execute(stmt, params)).one()
        if any(count != 1 for count in row[: sum(w.checked for w in self._writes)]):
            raise _lost()


_TEMPLATES: dict[tuple[Any, ...], Executable] = {}


def _one_template(key: tuple[Any, ...], dialect: str, build: Build) -> Executable:
    cache_key = (key, dialect)
    stmt = _TEMPLATES.get(cache_key)
    if stmt is None:
        stmt = build("", dialect)
        if len(_TEMPLATES) < 512:  # shapes are few; never let odd ones grow without bound
            _TEMPLATES[cache_key] = stmt
    return stmt


_COMBINED: dict[tuple[Any, ...], Executable] = {}


def _combined(keys: tuple[tuple[Any, bool], ...], builds: tuple[Build, ...], notify: tuple[str, ...]) -> Executable:
    """The single PostgreSQL statement of one shape of batch, built once."""
    cache_key = (keys, notify)
    if (stmt := _COMBINED.get(cache_key)) is not None:
        return stmt
    ctes, counted = [], []
    for n, ((_key, checked), build) in enumerate(zip(keys, builds, strict=True)):
        write = build(f"w{n}_", "postgresql")
        if checked:
            assert isinstance(write, Update)
            cte = write.returning(literal(1).label("hit")).cte(f"w{n}")
            counted.append(cte)
        else:
            cte = write.cte(f"w{n}")
        ctes.append(cte)
    # Each checked UPDATE's row count, read from its RETURNING in the same statement.
    checks = [select(func.count()).select_from(c).scalar_subquery() for c in counted]
    notices = [func.pg_notify(channel, "") for channel in notify]
    stmt = (select(*checks, *notices) if checks or notices else select(literal(1))).add_cte(*ctes)
    if len(_COMBINED) < 512:
        _COMBINED[cache_key] = stmt
    return stmt


def _lost() -> WriteConflict:
    return WriteConflict("the record changed meanwhile; reload and try again", code="concurrent_change")
