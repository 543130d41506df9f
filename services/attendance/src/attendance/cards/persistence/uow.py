"""The cards unit of work: a card, its history and its outbox row commit in one transaction
with the call's idempotency key (PLT-03); the kit's ``CallUnitOfWork`` does all of it."""

from __future__ import annotations

from attendance.cards.domain.events import CardEvent
from attendance.cards.domain.model import AttendanceCard
from attendance.cards.events.outbound import card_outbound
from attendance.cards.persistence.store import CARDS
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlCardsUnitOfWork(CallUnitOfWork):
    cards: Repository[AttendanceCard, CardEvent]

    def open(self) -> None:
        self.cards = self.repository(CARDS, card_outbound)
