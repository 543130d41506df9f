"""A terminal's batch written in one transaction, in three writes however many punches: the
projections in one ``INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id`` (on PostgreSQL
``SELECT * FROM unnest(arrays)``, elsewhere a multi-row VALUES; the ids that come back are
the new punches, the others were stored before), then the new punches' events and their outbox rows (``cskit.messaging.outbox.stage_many``), each one executemany
that psycopg pipelines (one round trip, one prepared statement). No punch is read first;
two terminals racing on the same punch id: the later insert waits for the earlier
transaction and then does nothing, so its item is a duplicate, never an error.

The rows are sent in punch-id order so two overlapping batches lock their rows in the same
order (no deadlock)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import JSON, Column, Table, TextClause, insert, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect

from attendance.punches.domain.model import Punch
from attendance.punches.events.outbound import OUTBOUND
from attendance.punches.persistence.store import PUNCHES
from cskit.messaging.outbox import stage_many
from cskit.records import CallUnitOfWork


class SqlPunchBatchUnitOfWork(CallUnitOfWork):
    async def insert_new(self, punches: list[Punch]) -> set[str]:
        """Write the punches not stored yet with their events and outbox rows; the new ids."""
        if not punches:
            return set()
        stream = PUNCHES.stream
        ordered = sorted(punches, key=lambda p: p.id)
        if any(not self.call.scope.allows(p.branch_id) for p in ordered):
            # A batch is the caller's branch's; the domain built it so (PLT-01).
            raise stream.not_found(next(p.id for p in ordered if not self.call.scope.allows(p.branch_id)))
        dialect = self.session.get_bind().dialect
        table = stream.projection
        rows = [{"id": p.id, **PUNCHES.projection_values(p)} for p in ordered]
        if dialect.name == "postgresql":
            # One short statement whatever the count: the rows as one array per column. (A
            # 500-row VALUES costs psycopg ~0.1 s to convert, every time: its cache skips long
            # statements.)
            names = tuple(rows[0])
            columns = {n: [_bindable(table.c[n], r[n]) for r in rows] for n in names}
            result = await self.session.execute(_unnest_insert(table, names, dialect), columns)
        else:
            stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
            result = await self.session.execute(stmt, rows)
        inserted = set(result.scalars())
        context = self.request_context
        events, entries = [], []
        for punch in ordered:
            pending = stream.pending(punch)
            if punch.id not in inserted:
                continue
            for offset, event in enumerate(pending):
                events.append(
                    {
                        stream.stream_column: punch.id,
                        "sequence": offset + 1,
                        "event_type": stream.types.name(event),
                        "data": stream.types.encode(event),
                        "actor": event.actor,
                        "occurred_at": event.occurred_at,
                        "request_id": context.request_id,
                        "client_ip": context.client_ip,
                    }
                )
                entries.append(OUTBOUND(punch, event))
        if events:
            # An executemany: psycopg pipelines it (one round trip, one prepared statement).
            await self.session.execute(insert(stream.events), events)
            await stage_many(self.session, entries)
        return inserted


@cache
def _unnest_insert(table: Table, names: tuple[str, ...], dialect: Dialect) -> TextClause:
    """``INSERT INTO t (cols) SELECT * FROM unnest(:col::type[], ...) ON CONFLICT (id) DO
    NOTHING RETURNING id``, built once per table and column set."""
    arrays = ", ".join(f"CAST(:{n} AS {table.c[n].type.compile(dialect)}[])" for n in names)
    return text(
        f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({arrays}) "
        "ON CONFLICT (id) DO NOTHING RETURNING id"
    )


def _bindable(column: Column[Any], value: Any) -> Any:
    # A JSON column's value goes as its text (cast to json[] by the statement).
    return json.dumps(value) if isinstance(column.type, JSON) else value
