"""What the card handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from attendance.cards.domain.model import AttendanceCard
from cskit.calls import Call, OnceUnitOfWork


class CardRepository(Protocol):
    async def get(self, record_id: str) -> AttendanceCard:
        """The card, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: AttendanceCard) -> None: ...


class CardsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def cards(self) -> CardRepository: ...


class CardsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> CardsUnitOfWork: ...
