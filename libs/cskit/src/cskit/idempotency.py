"""Idempotency keys stored with the change they guard, in the same transaction.

A repeated request with the same key returns the first result; the same key with a
different request is a conflict. The gateway stays stateless.

The key is **claimed first** in the transaction that makes the change (``claim``): on
PostgreSQL a transaction-scoped advisory lock on the key, then a look for its row. A
concurrent duplicate waits on that lock until the first call's transaction ends; its look
then sees the committed row and it replays the first result (never a 409 for racing), or,
when the first call rolled back, finds nothing and does the work itself. The key's row is
written with the change (``remember``, or a batched INSERT of the same row), so the unique
key stays a backstop. SQLite runs one writer at a time, so there the look alone is atomic.
``cskit.calls.once`` is the one caller.

A key belongs to its caller: the scope is the verified caller's branch, subject and the
method (``caller_scope``), so the same subject in another branch, another subject, or
another method never sees that a key was used.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.db.locks import hold, lock_number
from cskit.domain.actor import Actor
from cskit.domain.errors import Conflict


class IdempotencyKeyRow(Base):
    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(String(300), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    result_ref: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


def caller_scope(actor: Actor, method: str) -> str:
    """``["b1","u1","FileComplaint"]``: JSON, so no part can run into the next (PLT-01)."""
    return json.dumps([actor.branch_id, actor.subject, method], separators=(",", ":"))


# The advisory-lock class of idempotency keys (the relay's buckets use their own class).
ADVISORY_LOCK_CLASS = 0x1DE7


def request_hash(request: Message) -> str:
    return hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()


class IdempotencyGuard:
    """One request's key: ``recall`` before the work, ``remember`` in the same transaction."""

    def __init__(self, *, scope: str, key: str, request: Message) -> None:
        self.scope, self.key, self.hash = scope, key, request_hash(request)

    @classmethod
    def for_caller(cls, actor: Actor, method: str, *, key: str, request: Message) -> IdempotencyGuard:
        return cls(scope=caller_scope(actor, method), key=key, request=request)

    @property
    def lock_id(self) -> int:
        """The key's advisory-lock number: 32 bits of its hash (a collision only makes two
        keys wait for each other)."""
        return lock_number(self._lock_name)

    @property
    def _lock_name(self) -> str:
        return json.dumps([self.scope, self.key])

    async def claim(self, session: AsyncSession) -> str | None:
        """Claim the key in this transaction, before the work: None when this call does the
        work, else the result an earlier call recorded (a 409 for a different request).
        Waits while another transaction holds the same key."""
        await hold(session, ADVISORY_LOCK_CLASS, self._lock_name)
        return await self.recall(session)

    async def recall(self, session: AsyncSession) -> str | None:
        """The result an earlier call with this key recorded (without claiming the key)."""
        row = await session.scalar(
            select(IdempotencyKeyRow).where(IdempotencyKeyRow.scope == self.scope, IdempotencyKeyRow.key == self.key)
        )
        if row is None:
            return None
        if row.request_hash != self.hash:
            raise Conflict("this Idempotency-Key was used with a different request", code="idempotency_key_reused")
        return row.result_ref

    def remember(self, session: AsyncSession, result_ref: str, now: datetime) -> None:
        session.add(IdempotencyKeyRow(**self.row(result_ref, now)))

    def row(self, result_ref: str, now: datetime) -> dict[str, object]:
        """The key's row, for a unit of work that batches its writes."""
        return {
            "scope": self.scope,
            "key": self.key,
            "request_hash": self.hash,
            "result_ref": result_ref,
            "created_at": now,
        }
