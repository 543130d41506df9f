"""Fixtures for the kit's integration tests: a database with the kit's tables and a scratch
table that stands in for a service's state, so a handler's effect can be counted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from google.protobuf.wrappers_pb2 import Int64Value
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from cskit.db import Base, Database
from cskit.messaging import Envelope, decode, outbox_row


class ScratchBase(DeclarativeBase):
    """Kept apart from the kit's Base so the test table never leaks into the kit's metadata."""


class AppliedRow(ScratchBase):
    """One row per applied event: a second effect of one event would be a second row."""

    __tablename__ = "applied_events"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int]


def make_event(key: str, seq: int) -> Envelope:
    return Envelope.new(Int64Value(value=seq), source="kit-tests", subject=key, branch_id="b1", time=datetime.now(UTC))


@dataclass
class Harness:
    db: Database

    def stage(self, topic: str, key: str, seqs: range) -> list[Envelope]:
        """Stage events as a unit of work does: added and committed in one transaction."""
        envelopes = [make_event(key, s) for s in seqs]
        with self.db.sync_sessions()() as session, session.begin():
            session.add_all(outbox_row(topic, e) for e in envelopes)
        return envelopes

    @staticmethod
    def apply(session: Session, envelope: Envelope) -> None:
        session.add(AppliedRow(event_id=envelope.id, key=envelope.subject, seq=decode(envelope, Int64Value).value))

    def applied(self) -> list[tuple[str, str, int]]:
        with self.db.sync_sessions()() as session:
            rows = session.execute(select(AppliedRow.event_id, AppliedRow.key, AppliedRow.seq).order_by(AppliedRow.id))
            return [(r.event_id, r.key, r.seq) for r in rows]

    def count(self, entity: Any, *where: Any) -> int:
        with self.db.sync_sessions()() as session:
            return int(session.scalar(select(func.count()).select_from(entity).where(*where)) or 0)


def _harness(url: str) -> Harness:
    db = Database(url)
    Base.metadata.create_all(db.sync_engine)
    ScratchBase.metadata.create_all(db.sync_engine)
    return Harness(db)


@pytest.fixture
def pg(pg_url: str) -> Iterator[Harness]:
    harness = _harness(pg_url)
    yield harness
    harness.db.sync_engine.dispose()


@pytest.fixture
def make_harness() -> Iterator[Callable[[str], Harness]]:
    made: list[Harness] = []

    def make(url: str) -> Harness:
        made.append(_harness(url))
        return made[-1]

    yield make
    for harness in made:
        harness.db.sync_engine.dispose()
