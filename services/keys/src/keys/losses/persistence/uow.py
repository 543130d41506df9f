"""The losses unit of work: the report, its key set, their histories and outbox rows and the
end-of-day timer commit in one transaction with the call's idempotency key (PLT-03). Given
the timer runner's session it joins that transaction and leaves committing to the runner."""

from __future__ import annotations

from typing import Any

from cskit.eventstore import Repository
from cskit.messaging.envelope import Envelope
from cskit.protomap import attributes
from cskit.records import TimedUnitOfWork
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


class SqlLossesUnitOfWork(TimedUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    losses: Repository[LossReport, LossEvent]
    lock_changes: Repository[LockChange, LockChangeEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.losses = self.repository(LOSSES, loss_outbound)
        self.lock_changes = self.repository(LOCK_CHANGES, OUTBOUND)
