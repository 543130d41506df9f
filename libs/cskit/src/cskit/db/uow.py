"""The unit of work: the only place that commits, and where events join the outbox.

A service subclasses it, opens its repositories in ``_open`` and returns the events its
aggregates recorded from ``_harvest``; ``commit`` writes them to the outbox in the same
transaction as the state change (PLT-03), so nothing is published that was not committed
and nothing committed goes unpublished.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from cskit.domain.errors import Conflict
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import outbox_row


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._staged: list[tuple[str, Envelope]] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        self._staged = []
        self._open(self._session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()
        finally:
            await session.close()

    def _open(self, session: AsyncSession) -> None:
        """Open the service's repositories on ``session``."""

    def _harvest(self) -> Iterable[tuple[str, Envelope]]:
        """The (topic, envelope) pairs for events the loaded aggregates recorded."""
        return ()

    async def _flush_aggregates(self) -> None:
        """Write the loaded aggregates' changes to the session."""

    def publish(self, topic: str, envelope: Envelope) -> None:
        """Stage an event that is not recorded by an aggregate (it still commits atomically)."""
        self._staged.append((topic, envelope))

    async def commit(self) -> None:
        session = self.session
        await self._flush_aggregates()
        for topic, envelope in [*self._harvest(), *self._staged]:
            session.add(outbox_row(topic, envelope))
        self._staged = []
        try:
            await session.commit()
        except StaleDataError as exc:
            await session.rollback()
            raise Conflict("the record changed meanwhile; reload and try again", code="concurrent_change") from exc
        except IntegrityError as exc:
            await session.rollback()
            raise Conflict("a conflicting write happened meanwhile; try again", code="write_conflict") from exc
