"""The read side of one stream: a record, a list page and a history page, all from the
read-model documents and the history table; no read ever replays a history.

Every read takes the caller's ``BranchScope`` (PLT-01): another branch's record is
``NotFound``, exactly like a missing one.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.db.keyset import Keyset
from cskit.domain.actor import BranchScope
from cskit.eventstore.store import A, E, EventStore, HistoryEntry
from cskit.pagination import MAX_PAGE_SIZE, Page, PageTokens


class PageRequest(Protocol):
    """What a list call asks for: a page size (0 for the default) and the previous page's token."""

    @property
    def size(self) -> int: ...

    @property
    def token(self) -> str: ...


class StreamReader(Generic[A, E]):
    """Reads of ``store``'s records; a service's reader subclasses it to add its own lists."""

    def __init__(
        self, store: EventStore[A, E], sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens
    ) -> None:
        self.store = store
        self._sessions = sessions
        self._tokens = tokens

    @property
    def oldest_first(self) -> Keyset:
        """The plain list: every visible record by its projection's ``created_at`` and ``id``."""
        p = self.store.stream.projection.c
        return Keyset(f"list:{self.store.stream.record}", p.created_at, p.id)

    async def page(self, scope: BranchScope, page: PageRequest) -> tuple[list[A], str]:
        """A page of ``oldest_first``: a service without lists of its own needs no reader subclass."""
        return await self.documents(self.oldest_first, scope, page)

    async def get(self, record_id: str, scope: BranchScope) -> A:
        async with self._sessions() as session:
            return await self.store.read(session, record_id, scope)

    async def history(self, record_id: str, scope: BranchScope, page: PageRequest) -> tuple[list[HistoryEntry], str]:
        async with self._sessions() as session:
            return await self.store.history_page(session, record_id, scope, page.size, page.token, self._tokens)

    async def documents(
        self,
        keyset: Keyset,
        scope: BranchScope,
        page: PageRequest,
        *where: ColumnElement[bool],
        within: tuple[EventStore[Any, Any], str] | None = None,
    ) -> tuple[list[A], str]:
        """A page of the visible records matching ``where``, in ``keyset``'s order. ``within``
        names a parent record (its store and id) that must be visible too, else ``NotFound``."""
        p = self.store.stream.projection.c
        stmt = select(p.document, p.version, keyset.at, keyset.id).where(*where)
        if (visible := self.store.visible(scope)) is not None:
            stmt = stmt.where(visible)
        pager = keyset.page(stmt, page.size, page.token, self._tokens)
        async with self._sessions() as session:
            if within is not None:
                await within[0].require_visible(session, within[1], scope)
            rows, token = await pager.fetch(session)
        return [self.store.stream.restore(r.document, r.version) for r in rows], token

    async def every(
        self, keyset: Keyset, scope: BranchScope, *where: ColumnElement[bool], size: int = MAX_PAGE_SIZE
    ) -> list[A]:
        """Every visible record matching ``where``, in ``keyset``'s order, read ``size`` at a
        time: for a service's own bounded reads (a month's facts), not for a caller's list."""
        found: list[A] = []
        token = ""
        while True:
            page, token = await self.documents(keyset, scope, Page(size, token), *where)
            found += page
            if not token:
                return found
