"""Idempotency keys stored with the change they guard, in the same transaction.

A repeated request with the same key returns the first result; the same key with a
different request is a conflict. The gateway stays stateless.

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


def request_hash(request: Message) -> str:
    return hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()


class IdempotencyGuard:
    """One request's key: ``recall`` before the work, ``remember`` in the same transaction."""

    def __init__(self, *, scope: str, key: str, request: Message) -> None:
        self.scope, self.key, self.hash = scope, key, request_hash(request)

    @classmethod
    def for_caller(cls, actor: Actor, method: str, *, key: str, request: Message) -> IdempotencyGuard:
        return cls(scope=caller_scope(actor, method), key=key, request=request)

    async def recall(self, session: AsyncSession) -> str | None:
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
