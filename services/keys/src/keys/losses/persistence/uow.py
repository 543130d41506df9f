"""The losses unit of work: the report, its key set, their histories and outbox rows and the
end-of-day timer commit in one transaction with the call's idempotency key (PLT-03). Given
the timer runner's session it joins that transaction and leaves committing to the runner."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

# The payload messages of these events: loaded here so the outbox finds them by name.
from cskit.audit import RequestContext
from cskit.calls import Call
from cskit.db.batch import WriteBatch
from cskit.db.uow import conflicts_translated
from cskit.domain import Clock
from cskit.eventstore import Repository
from cskit.messaging.envelope import Envelope
from cskit.protomap import attributes
from cskit.records import CallUnitOfWork, JoinsOuterSession
from cskit.timers import schedule_in
from keys.losses.domain.events import LossEvent
from keys.losses.domain.lock_changes import LockChange, LockChangeEvent
from keys.losses.domain.model import LossReport
from keys.losses.persistence.store import LOCK_CHANGES, LOSSES
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


def loss_outbound(record: Any, event: Any) -> tuple[str, Envelope]:
    """OUTBOUND, with a cost's currency (PLT-03: LockChangeCostIncurred's amount is a Money)."""
    payload = OUTBOUND.payload(type(event).__name__, attributes(event), currency=getattr(event, "currency", ""))
    envelope = OUTBOUND.envelope(payload, subject=record.id, branch_id=record.branch_id, time=event.occurred_at)
    return OUTBOUND.topic, envelope


class SqlLossesUnitOfWork(JoinsOuterSession, CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    losses: Repository[LossReport, LossEvent]
    lock_changes: Repository[LockChange, LockChangeEvent]

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], call: Call, clock: Clock, session: AsyncSession | None = None
    ) -> None:
        super().__init__(sessions, call, clock)
        self._outer = session
        self._timers: list[tuple[str, str, datetime]] = []

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        if self._outer is not None:  # joined the runner's session: CallUnitOfWork did not open
            self._opened = []
            self.open()
        return self

    def open(self) -> None:
        self._timers = []
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.losses = self.repository(LOSSES, loss_outbound)
        self.lock_changes = self.repository(LOCK_CHANGES, OUTBOUND)

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None:
        self._timers.append((kind, subject, due_at))

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        await super().stage_changes(batch, context)
        for kind, subject, due_at in self._timers:
            schedule_in(batch, kind=kind, subject=subject, due_at=due_at)

    async def commit(self, *, result_ref: str | None = None) -> None:
        if self._outer is None:
            await super().commit(result_ref=result_ref)
            return
        async with conflicts_translated(self.session):
            batch = WriteBatch()
            await self.stage_changes(batch, self.request_context)
            await batch.flush(self.session)
