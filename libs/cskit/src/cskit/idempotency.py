"""Idempotency keys stored with the change they guard, in the same transaction.

A repeated request with the same key returns the first result; the same key with a
different request is a conflict. The gateway stays stateless.

The key row is written FIRST (``claim``: ``INSERT ... ON CONFLICT DO NOTHING``), in the
transaction that then makes the change and records the result's reference (``remember``).
A concurrent duplicate's insert waits on the first one's uncommitted row: when that commits,
the duplicate reads the recorded result and replays it; when it rolls back, the duplicate
does the work itself. So duplicates never both act and never see a 409 for racing; only a
different request under the same key does. ``cskit.calls.once`` is the one caller.

A key belongs to its caller: the scope is the verified caller's branch, subject and the
method (``caller_scope``), so the same subject in another branch, another subject, or
another method never sees that a key was used.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from google.protobuf.message import Message
from sqlalchemy import Insert, String, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, make_transient_to_detached, mapped_column

from cskit.db.base import Base
from cskit.domain.actor import Actor
from cskit.domain.errors import Conflict, WriteConflict


class IdempotencyKeyRow(Base):
    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(String(300), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    result_ref: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


def _insert(dialect: str) -> postgresql.Insert | sqlite.Insert:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(IdempotencyKeyRow)


def caller_scope(actor: Actor, method: str) -> str:
    """``["b1","u1","FileComplaint"]``: JSON, so no part can run into the next (PLT-01)."""
    return json.dumps([actor.branch_id, actor.subject, method], separators=(",", ":"))


def request_hash(request: Message) -> str:
    return hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()


# A claimed key whose call has not committed its result yet (never visible to another
# transaction: the result is recorded before the commit that makes the row visible).
_UNRECORDED = ""


class IdempotencyGuard:
    """One request's key: ``claim`` first in the transaction, ``remember`` its result before commit."""

    def __init__(self, *, scope: str, key: str, request: Message) -> None:
        self.scope, self.key, self.hash = scope, key, request_hash(request)

    @classmethod
    def for_caller(cls, actor: Actor, method: str, *, key: str, request: Message) -> IdempotencyGuard:
        return cls(scope=caller_scope(actor, method), key=key, request=request)

    @property
    def _info_key(self) -> tuple[str, str, str]:
        return ("cs_idempotency_claim", self.scope, self.key)

    async def claim(self, session: AsyncSession, now: datetime) -> str | None:
        """Insert this call's key row first. None: the key is this call's (the row is in the
        session, ``remember`` fills in the result); else the result an earlier call recorded.
        A duplicate racing an uncommitted claim waits for it (a row lock, not a poll)."""
        values = self.row(_UNRECORDED, now)
        dialect = (await session.connection()).dialect.name
        inserted = await session.execute(
            _insert(dialect).values(values).on_conflict_do_nothing().returning(IdempotencyKeyRow.key)
        )
        if inserted.first() is not None:
            # Track the row we just wrote as persistent without reading it back, so ``remember``
            # is a plain attribute change the commit flushes as an UPDATE.
            row = IdempotencyKeyRow(**values)
            make_transient_to_detached(row)
            session.add(row)
            # The identity map holds clean rows weakly; the session's info keeps this one.
            session.info[self._info_key] = row
            return None
        prior = await self.recall(session)
        if prior is None:
            # The row we collided with is gone again (purged meanwhile): start the call afresh.
            raise WriteConflict("the idempotency key changed meanwhile; try again", code="write_conflict")
        if prior == _UNRECORDED:
            raise RuntimeError(f"idempotency key {self.key!r} was committed without its result")
        return prior

    async def recall(self, session: AsyncSession) -> str | None:
        """The result an earlier call with this key recorded, without claiming the key."""
        row = await session.scalar(
            select(IdempotencyKeyRow).where(IdempotencyKeyRow.scope == self.scope, IdempotencyKeyRow.key == self.key)
        )
        if row is None:
            return None
        if row.request_hash != self.hash:
            raise Conflict("this Idempotency-Key was used with a different request", code="idempotency_key_reused")
        return row.result_ref

    def row(self, result_ref: str, now: datetime) -> dict[str, object]:
        """The key's row."""
        return {
            "scope": self.scope,
            "key": self.key,
            "request_hash": self.hash,
            "result_ref": result_ref,
            "created_at": now,
        }

    def result_statement(self, dialect: str, result_ref: str, now: datetime) -> Insert:
        """``remember`` as one statement, for a unit of work that sends its writes in a batch:
        an upsert, so it records the result on the row ``claim`` wrote (or writes the row when
        the key was not claimed) instead of colliding with it."""
        insert = _insert(dialect).values(self.row(result_ref, now))
        return insert.on_conflict_do_update(
            index_elements=["scope", "key"], set_={"result_ref": insert.excluded.result_ref}
        )

    def remember(self, session: AsyncSession, result_ref: str, now: datetime) -> None:
        """Record the result with the key, in the transaction that commits the change."""
        claimed = session.info.get(self._info_key)
        if isinstance(claimed, IdempotencyKeyRow):
            claimed.result_ref = result_ref
            return
        session.add(IdempotencyKeyRow(**self.row(result_ref, now)))
