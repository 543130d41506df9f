"""The custody unit of work: deposits, emergencies, the key sets they move, their outbox rows,
the approval deadline's timer and the call's idempotency key commit in one transaction. With
``session`` (the timer runner's) it joins that transaction and leaves the commit to it."""

from __future__ import annotations

from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.emergency import Emergency
from keys.custody.domain.events import DepositEvent, EmergencyEvent
from keys.custody.persistence.store import DEPOSITS, EMERGENCIES
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlCustodyUnitOfWork(TimedUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    deposits: Repository[Deposit, DepositEvent]
    emergencies: Repository[Emergency, EmergencyEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.deposits = self.repository(DEPOSITS, OUTBOUND)
        self.emergencies = self.repository(EMERGENCIES, OUTBOUND)
