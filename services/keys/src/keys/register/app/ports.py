"""What the register handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork
from keys.register.domain.model import KeySet


class KeySetRepository(Protocol):
    async def get(self, record_id: str) -> KeySet:
        """The key set, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: KeySet) -> None: ...


class RegisterUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def key_sets(self) -> KeySetRepository: ...


class RegisterUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> RegisterUnitOfWork: ...
