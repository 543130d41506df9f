"""Filling a read model from the histories inside a migration (synchronous, as Alembic runs).

A migration that adds the ``document`` column to an existing projection calls
``fill_documents`` so every existing record answers reads right after ``migrate``; the
``rebuild`` of the event store does the same at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select, update

from cskit.eventstore.store import EventStore


def fill_documents(connection: Connection, store: EventStore[Any, Any], *, batch: int = 500) -> int:
    """Write the document (and version) of every record whose document is NULL; returns how many."""
    stream = store.stream
    p, e = stream.projection.c, stream.events.c
    sid = e[stream.stream_column]
    count = 0
    while True:
        ids: Sequence[str] = (
            connection.execute(select(p.id).where(p.document.is_(None)).order_by(p.id).limit(batch)).scalars().all()
        )
        if not ids:
            return count
        histories: dict[str, list[Any]] = {record_id: [] for record_id in ids}
        rows = connection.execute(select(sid, e.event_type, e.data).where(sid.in_(ids)).order_by(sid, e.sequence))
        for record_id, kind, data in rows:
            histories[record_id].append(stream.types.decode(kind, data))
        for record_id, history in histories.items():
            if not history:
                raise RuntimeError(f"{stream.record} {record_id} has a projection but no history")
            aggregate = stream.rebuild(history)
            connection.execute(
                update(stream.projection)
                .where(p.id == record_id)
                .values(document=stream.document(aggregate), version=aggregate.version)
            )
            count += 1
