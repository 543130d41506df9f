"""The kit's event store on SQLite: every read and write in a branch scope (PLT-01), optimistic
appends, read documents equal to the history, history pages (PLT-04) and rebuilds."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import JSON, ForeignKey, Integer, MetaData, String, event, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cskit.audit import RequestContext
from cskit.db.base import NAMING, UTCDateTime
from cskit.domain import Actor, NotFound, branch_scope_of, system_scope
from cskit.domain.aggregate import EventSourced
from cskit.domain.errors import WriteConflict
from cskit.eventstore import EventRowMixin, EventStore, EventTypes, Repository, Stream
from cskit.pagination import PageTokens

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


class _Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime}


class TallyRow(_Base):
    __tablename__ = "tallies"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    total: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, object]] = mapped_column(JSON)


class TallyEventRow(EventRowMixin, _Base):
    __tablename__ = "tally_events"
    tally_id: Mapped[str] = mapped_column(ForeignKey("tallies.id"), primary_key=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Opened:
    tally_id: str
    branch_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Added:
    tally_id: str
    amount: int
    actor: str
    occurred_at: datetime


TallyEvent = Opened | Added


class Tally(EventSourced[TallyEvent]):
    id: str
    branch_id: str
    total: int
    last_at: datetime | None

    def __init__(self) -> None:
        super().__init__()
        self.id, self.branch_id, self.total, self.last_at = "", "", 0, None

    @classmethod
    def open(cls, tally_id: str, branch_id: str, at: datetime) -> Tally:
        tally = cls()
        tally._record(Opened(tally_id=tally_id, branch_id=branch_id, actor="clerk", occurred_at=at))
        return tally

    @classmethod
    def rebuild(cls, history: Sequence[TallyEvent]) -> Tally:
        tally = cls()
        tally._replay(history)
        return tally

    def add(self, amount: int, at: datetime) -> None:
        self._record(Added(tally_id=self.id, amount=amount, actor="clerk", occurred_at=at))

    def _apply(self, event: TallyEvent) -> None:
        if isinstance(event, Opened):
            self.id, self.branch_id = event.tally_id, event.branch_id
        else:
            self.total += event.amount
        self.last_at = event.occurred_at

    def state(self) -> dict[str, object]:
        return {"id": self.id, "branch": self.branch_id, "total": self.total, "at": self.last_at, "v": self.version}


def _missing(tally_id: str) -> NotFound:
    return NotFound(f"tally {tally_id} not found", code="tally_not_found")


STORE: EventStore[Tally, TallyEvent] = EventStore(
    Stream(
        record="tally",
        projection=TallyRow.__table__,  # type: ignore[arg-type]
        events=TallyEventRow.__table__,  # type: ignore[arg-type]
        stream_column="tally_id",
        types=EventTypes.of_union(TallyEvent, record="tally"),
        rebuild=Tally.rebuild,
        pending=Tally.pull_pending,
        document=Tally.to_document,
        restore=Tally.from_document,
        columns=lambda t: {"total": t.total},
        not_found=_missing,
    )
)

B1 = branch_scope_of(Actor(subject="a1", branch_id="b1", roles=frozenset({"agent"})))
B2 = branch_scope_of(Actor(subject="a2", branch_id="b2", roles=frozenset({"agent"})))
ALL = system_scope("event store tests")
CTX = RequestContext(Actor(subject="a1", branch_id="b1", roles=frozenset({"agent"})), "req-1", "10.0.0.1")


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")

    @event.listens_for(engine.sync_engine, "connect")
    def _fk(conn: object, _record: object) -> None:
        conn.execute("PRAGMA foreign_keys=ON")  # type: ignore[attr-defined]

    async with engine.begin() as conn:
        await conn.run_sync(_Base.metadata.create_all)
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


async def _open(sessions: async_sessionmaker[AsyncSession], tally_id: str, branch: str, adds: int) -> Tally:
    tally = Tally.open(tally_id, branch, T0)
    for i in range(adds):
        tally.add(i + 1, T0 + timedelta(minutes=i + 1))
    async with sessions() as session, session.begin():
        await STORE.append(session, tally, ALL, CTX)
    return tally


async def test_append_then_load_and_read_agree_with_the_live_record(sessions: async_sessionmaker[AsyncSession]) -> None:
    live = await _open(sessions, "t1", "b1", 3)
    async with sessions() as session:
        loaded = await STORE.load(session, "t1", B1)
        read = await STORE.read(session, "t1", B1)
    assert loaded.state() == read.state() == live.state() == {
        "id": "t1", "branch": "b1", "total": 6, "at": T0 + timedelta(minutes=3), "v": 4,
    }  # fmt: skip
    assert read.history == [] and read.loaded_version == 4  # the document replays nothing


async def test_plt_01_another_branch_record_is_not_found_on_every_read(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _open(sessions, "t1", "b1", 1)
    async with sessions() as session:
        for read in (STORE.load, STORE.read, STORE.require_visible):
            with pytest.raises(NotFound):
                await read(session, "t1", B2)
        with pytest.raises(NotFound):
            await STORE.history_page(session, "t1", B2, 10, "", PageTokens("k" * 32))
        assert await STORE.load_many(session, ["t1"], B2) == {}


async def test_plt_01_a_write_outside_the_scope_is_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    tally = Tally.open("t9", "b1", T0)
    async with sessions() as session, session.begin():
        with pytest.raises(NotFound):
            await STORE.append(session, tally, B2, CTX)


async def test_a_lost_race_is_a_write_conflict(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _open(sessions, "t1", "b1", 1)
    async with sessions() as s1, sessions() as s2:
        first, second = await STORE.load(s1, "t1", B1), await STORE.load(s2, "t1", B1)
    first.add(10, T0 + timedelta(hours=1))
    second.add(20, T0 + timedelta(hours=1))
    async with sessions() as session, session.begin():
        await STORE.append(session, first, B1, CTX)
    async with sessions() as session, session.begin():
        with pytest.raises(WriteConflict):
            await STORE.append(session, second, B1, CTX)
    async with sessions() as session:
        assert (await STORE.read(session, "t1", B1)).total == 11


async def test_plt_04_history_pages_in_order_with_signed_tokens(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _open(sessions, "t1", "b1", 4)
    tokens = PageTokens("k" * 32)
    seen, token = [], ""
    async with sessions() as session:
        while True:
            items, token = await STORE.history_page(session, "t1", B1, 2, token, tokens)
            seen += items
            if not token:
                break
    assert [i.sequence for i in seen] == [1, 2, 3, 4, 5]
    assert [i.event_type for i in seen] == ["Opened", "Added", "Added", "Added", "Added"]
    assert seen[1].details == {"amount": 1} and seen[1].actor == "clerk"


async def test_the_repository_appends_what_its_records_recorded(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _open(sessions, "t1", "b1", 0)
    async with sessions() as session, session.begin():
        repo = Repository(STORE, session, B1)
        (await repo.get("t1")).add(5, T0 + timedelta(hours=2))
        repo.add(Tally.open("t2", "b1", T0))
        changed = await repo.write_changes(CTX)
    assert sorted((t.id, len(events)) for t, events in changed) == [("t1", 1), ("t2", 1)]
    async with sessions() as session:
        rows = (
            await session.execute(select(TallyRow.id, TallyRow.total, TallyRow.version).order_by(TallyRow.id))
        ).all()
    assert [tuple(r) for r in rows] == [("t1", 5, 2), ("t2", 0, 1)]


async def test_rebuild_rewrites_a_damaged_read_model_to_equal_the_live_one(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    live = [await _open(sessions, f"t{i}", "b1" if i % 2 else "b2", i) for i in range(5)]
    async with sessions() as session, session.begin():
        await session.execute(update(TallyRow).values(total=-1, document={"id": "broken"}))
    async with sessions() as session, session.begin():
        assert await STORE.rebuild(session, ALL, batch=2) == 5
    async with sessions() as session:
        for tally in live:
            assert (await STORE.read(session, tally.id, ALL)).state() == tally.state()
        assert set((await session.execute(select(TallyRow.total))).scalars()) == {t.total for t in live}
