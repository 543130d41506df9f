"""The hand-offs' unit of work: a hand-off, its history and outbox rows in one transaction;
a proposal holds the custodian's named lock so two overlapping proposals cannot both pass."""

from __future__ import annotations

from cskit.db.locks import hold
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.handoffs.domain.events import HandOffEvent
from keys.handoffs.domain.model import HandOff
from keys.handoffs.persistence.reader import live_hand_offs
from keys.handoffs.persistence.store import HAND_OFFS
from keys.outbound import OUTBOUND

# The advisory-lock class of hand-offs (cskit.db.locks: each user has its own).
HAND_OFF_LOCK = 0x4B3134  # "K14"


class SqlHandOffsUnitOfWork(CallUnitOfWork):
    hand_offs: Repository[HandOff, HandOffEvent]

    def open(self) -> None:
        self.hand_offs = self.repository(HAND_OFFS, OUTBOUND)

    async def live_of(self, branch_id: str, custodian: str) -> list[HandOff]:
        await hold(self.session, HAND_OFF_LOCK, f"{branch_id}/{custodian}")
        return await live_hand_offs(self.session, branch_id, custodian)
