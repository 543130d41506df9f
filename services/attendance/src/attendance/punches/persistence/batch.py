"""A terminal's batch written in one transaction, in three writes however many punches: the
projections in one multi-row ``INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id`` (the ids
that come back are the new punches, the others were stored before), then the new punches'
events and their outbox rows (``cskit.messaging.outbox.stage_many``), each one executemany
that psycopg pipelines (one round trip, one prepared statement). No punch is read first;
two terminals racing on the same punch id: the later insert waits for the earlier
transaction and then does nothing, so its item is a duplicate, never an error.

The rows are sent in punch-id order so two overlapping batches lock their rows in the same
order (no deadlock)."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

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
        dialect = self.session.get_bind().dialect.name
        upsert = pg_insert if dialect == "postgresql" else sqlite_insert
        table = stream.projection
        stmt = upsert(table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
        # One multi-row VALUES (SQLAlchemy's insertmanyvalues), compiled once per process.
        result = await self.session.execute(stmt, [{"id": p.id, **PUNCHES.projection_values(p)} for p in ordered])
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
