"""The read side of a stream (``StreamReader``) and keyset pages (``Keyset``) on SQLite: list
pages in both orders with signed tokens, the branch filter on every read (PLT-01), a parent
that must be visible, and history pages (PLT-04); nothing replays a history."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import JSON, Integer, MetaData, String, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cskit.audit import RequestContext
from cskit.db.base import NAMING, UTCDateTime
from cskit.db.keyset import Keyset
from cskit.domain import Actor, InvalidInput, NotFound, branch_scope_of, system_scope
from cskit.domain.aggregate import EventSourced
from cskit.eventstore import EventRowMixin, EventStore, StreamReader, stream_of
from cskit.pagination import PageTokens

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
TOKENS = PageTokens("k" * 32)


class _Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime}


class TicketRow(_Base):
    __tablename__ = "tickets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, object]] = mapped_column(JSON)


class TicketEventRow(EventRowMixin, _Base):
    __tablename__ = "ticket_events"
    ticket_id: Mapped[str] = mapped_column(String(36), primary_key=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Opened:
    ticket_id: str
    branch_id: str
    actor: str
    occurred_at: datetime


class Ticket(EventSourced[Opened]):
    id: str
    branch_id: str
    opened_at: datetime | None

    def __init__(self) -> None:
        super().__init__()
        self.id, self.branch_id, self.opened_at = "", "", None

    @classmethod
    def open(cls, ticket_id: str, branch_id: str, at: datetime) -> Ticket:
        ticket = cls()
        ticket._record(Opened(ticket_id=ticket_id, branch_id=branch_id, actor="clerk", occurred_at=at))
        return ticket

    @classmethod
    def rebuild(cls, history: Sequence[Opened]) -> Ticket:
        ticket = cls()
        ticket._replay(history)
        return ticket

    def _apply(self, event: Opened) -> None:
        self.id, self.branch_id, self.opened_at = event.ticket_id, event.branch_id, event.occurred_at


# The usual declaration (``stream_of``): the aggregate's own rebuild, document and restore.
STORE: EventStore[Ticket, Opened] = EventStore(
    stream_of(
        Ticket, record="ticket", projection=TicketRow, events=TicketEventRow, stream_column="ticket_id",
        event_union=Opened, columns=lambda t: {"opened_at": t.opened_at},
    )
)  # fmt: skip
OLDEST_FIRST = Keyset("tickets", TicketRow.opened_at, TicketRow.id)
NEWEST_FIRST = Keyset("tickets", TicketRow.opened_at, TicketRow.id, newest_first=True)
B1 = branch_scope_of(Actor(subject="a1", branch_id="b1", roles=frozenset({"agent"})))
ALL = system_scope("reader tests")
CTX = RequestContext(Actor(subject="a1", branch_id="b1", roles=frozenset({"agent"})), "req-1", "10.0.0.1")


@dataclass(frozen=True)
class Page:
    size: int = 2
    token: str = ""


@pytest.fixture
async def reader(tmp_path: Path) -> AsyncIterator[StreamReader[Ticket, Opened]]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'reader.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(_Base.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    # Two tickets share an opening time, so the id breaks the tie; t5 is another branch's.
    opened = {"t1": T0, "t2": T0 + timedelta(minutes=1), "t3": T0 + timedelta(minutes=1), "t4": T0 + timedelta(2)}
    async with sessions() as session, session.begin():
        for ticket_id, at in {**opened, "t5": T0}.items():
            await STORE.append(session, Ticket.open(ticket_id, "b2" if ticket_id == "t5" else "b1", at), ALL, CTX)
    yield StreamReader(STORE, sessions, tokens=TOKENS)
    await engine.dispose()


async def _all_pages(reader: StreamReader[Ticket, Opened], keyset: Keyset) -> list[list[str]]:
    pages, token = [], ""
    while True:
        items, token = await reader.documents(keyset, B1, Page(token=token))
        pages.append([t.id for t in items])
        if not token:
            return pages


async def test_plt_01_pages_in_both_orders_see_only_the_callers_branch(reader: StreamReader[Ticket, Opened]) -> None:
    assert await _all_pages(reader, OLDEST_FIRST) == [["t1", "t2"], ["t3", "t4"]]
    assert await _all_pages(reader, NEWEST_FIRST) == [["t4", "t3"], ["t2", "t1"]]


async def test_a_page_filters_and_restores_the_documents(reader: StreamReader[Ticket, Opened]) -> None:
    items, token = await reader.documents(OLDEST_FIRST, ALL, Page(size=10), TicketRow.opened_at == T0)
    assert [(t.id, t.branch_id, t.opened_at, t.history) for t in items] == [("t1", "b1", T0, []), ("t5", "b2", T0, [])]
    assert token == ""


async def test_every_reads_all_pages_of_the_visible_matches(reader: StreamReader[Ticket, Opened]) -> None:
    everything = await reader.every(OLDEST_FIRST, B1, size=1)
    assert [t.id for t in everything] == ["t1", "t2", "t3", "t4"]
    later = await reader.every(NEWEST_FIRST, ALL, TicketRow.opened_at > T0, size=1)
    assert [t.id for t in later] == ["t4", "t3", "t2"]
    assert await reader.every(OLDEST_FIRST, B1, TicketRow.id == "t5") == []


async def test_plt_01_a_parent_of_another_branch_is_not_found(reader: StreamReader[Ticket, Opened]) -> None:
    with pytest.raises(NotFound):
        await reader.documents(OLDEST_FIRST, B1, Page(), within=(STORE, "t5"))
    items, _ = await reader.documents(OLDEST_FIRST, B1, Page(), within=(STORE, "t1"))
    assert [t.id for t in items] == ["t1", "t2"]


async def test_a_forged_or_foreign_token_is_refused_before_any_query(reader: StreamReader[Ticket, Opened]) -> None:
    with pytest.raises(InvalidInput):
        await reader.documents(OLDEST_FIRST, B1, Page(token="not-a-token"))
    with pytest.raises(InvalidInput):
        await reader.documents(OLDEST_FIRST, B1, Page(token=TOKENS.encode("other-list", [T0, "t1"])))
    with pytest.raises(InvalidInput):
        OLDEST_FIRST.page(select(TicketRow), -1, "", TOKENS)


async def test_plt_04_get_and_history_read_without_replay(reader: StreamReader[Ticket, Opened]) -> None:
    ticket = await reader.get("t2", B1)
    assert (ticket.id, ticket.history) == ("t2", [])
    entries, token = await reader.history("t2", B1, Page())
    assert [(e.sequence, e.event_type, e.actor) for e in entries] == [(1, "Opened", "clerk")] and token == ""
    with pytest.raises(NotFound) as missing:
        await reader.get("t5", B1)
    assert (missing.value.code, str(missing.value)) == ("ticket_not_found", "ticket t5 not found")
    with pytest.raises(NotFound):
        await reader.history("t5", B1, Page())
