"""Scheduling inside a service's unit of work: the timer commits (or not) with the state change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Insert, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from cskit.db.batch import WriteBatch
from cskit.timers.rows import Timer, TimerRow

_PENDING = TimerRow.fired_at.is_(None)


async def schedule(
    session: AsyncSession, *, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
) -> None:
    """Create the pending (kind, subject) timer, or move it to ``due_at`` if it exists.

    An upsert, so two transactions scheduling the same timer cannot both insert. Moving a
    timer is a new intent: it resets attempts and the last error.
    """
    await session.execute(schedule_statement(session.get_bind().dialect.name, kind, subject, due_at, payload))


def schedule_statement(
    dialect: str, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
) -> Insert:
    """The upsert ``schedule`` runs, for a unit of work's write batch."""
    if due_at.tzinfo is None:
        raise ValueError("due_at must be timezone-aware")
    if dialect == "postgresql":
        insert = pg_insert(TimerRow)
    elif dialect == "sqlite":
        insert = sqlite_insert(TimerRow)  # type: ignore[assignment]
    else:
        raise NotImplementedError(f"timers need PostgreSQL or SQLite, not {dialect}")
    stmt = insert.values(kind=kind, subject=subject, due_at=due_at, payload=payload or {}, attempts=0)
    stmt = stmt.on_conflict_do_update(
        index_elements=[TimerRow.kind, TimerRow.subject],
        index_where=_PENDING,
        set_={
            "due_at": stmt.excluded.due_at,
            "payload": stmt.excluded.payload,
            "attempts": 0,
            "last_error": None,
        },
    )
    return stmt


def schedule_in(
    batch: WriteBatch, *, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
) -> None:
    """``schedule``, as a write of the unit of work's batch."""
    if due_at.tzinfo is None:
        raise ValueError("due_at must be timezone-aware")
    batch.upsert(
        TimerRow.__table__,  # type: ignore[arg-type]
        {"kind": kind, "subject": subject, "due_at": due_at, "payload": payload or {}, "attempts": 0},
        conflict=("kind", "subject"),
        where=_PENDING,
        update=("due_at", "payload"),
        constants={"attempts": 0, "last_error": None},
    )


def cancel_in(batch: WriteBatch, *, kind: str, subject: str) -> None:
    """``cancel`` (without telling whether there was a timer), as a write of the batch."""
    batch.delete(TimerRow.__table__, {"kind": kind, "subject": subject}, _PENDING)  # type: ignore[arg-type]


async def cancel(session: AsyncSession, kind: str, subject: str) -> bool:
    """Drop the pending (kind, subject) timer; True if there was one."""
    result = await session.execute(
        delete(TimerRow).where(TimerRow.kind == kind, TimerRow.subject == subject, _PENDING).returning(TimerRow.id)
    )
    return result.first() is not None


async def pending(session: AsyncSession, kind: str, subject: str) -> Timer | None:
    """The pending (kind, subject) timer, if any."""
    row = (
        await session.execute(select(TimerRow).where(TimerRow.kind == kind, TimerRow.subject == subject, _PENDING))
    ).scalar_one_or_none()
    return None if row is None else Timer.of(row)


async def purge_fired(session: AsyncSession, *, before: datetime) -> int:
    """Delete fired timers older than ``before``; returns how many."""
    result = await session.execute(
        delete(TimerRow).where(TimerRow.fired_at.is_not(None), TimerRow.fired_at < before).returning(TimerRow.id)
    )
    return len(result.all())
