"""Filling a read model inside a migration (synchronous, as Alembic runs).

A migration that adds the ``document`` column to an existing projection calls
``fill_documents`` so every existing record answers reads right after ``migrate``; the
``rebuild`` of the event store does the same at run time. A migration that adds a list
column (what a new list filters or sorts by) calls ``fill_projection``, which reads the
documents instead of the histories; from then on the store writes the column with every
append.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, select, update

from cskit.eventstore.store import EventStore, Stream


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


def fill_projection(
    connection: Connection,
    stream: Stream[Any, Any],
    values: Callable[[Any], Mapping[str, object]],
    *where: ColumnElement[bool],
    batch: int = 500,
) -> int:
    """Writes ``values(record)`` into the projection row of every record ``where`` selects, a
    batch at a time in id order, each restored from its document (an empty mapping leaves the
    row as it is); returns how many rows were written."""
    p = stream.projection.c
    written, after = 0, ""
    while True:
        rows = connection.execute(
            select(p.id, p.document, p.version).where(p.id > after, *where).order_by(p.id).limit(batch)
        ).all()
        if not rows:
            return written
        for row in rows:
            if changes := values(stream.restore(row.document, row.version)):
                connection.execute(update(stream.projection).where(p.id == row.id).values(**changes))
                written += 1
        after = rows[-1].id
