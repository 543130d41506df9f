"""Named, transaction-scoped advisory locks: one place that turns a name into PostgreSQL's
``pg_advisory_xact_lock(class, key)``. Two transactions holding the same class and name run
one after the other until the first commits or rolls back; SQLite serialises its writers
anyway, so there it is nothing."""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


def lock_number(name: str) -> int:
    """32 bits of the name's hash (a collision only makes two names wait for each other)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big", signed=True)


async def hold(session: AsyncSession, lock_class: int, name: str) -> None:
    """Wait for, then hold until this transaction ends, the lock of ``name`` in ``lock_class``
    (each user of locks has its own class, so their names never meet)."""
    if (await session.connection()).dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:cls, :key)"), {"cls": lock_class, "key": lock_number(name)}
        )
