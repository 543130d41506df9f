"""What the loss handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork
from keys.losses.domain.lock_changes import LockChange
from keys.losses.domain.model import LossReport
from keys.register.app.ports import KeySetRepository


class LossRepository(Protocol):
    async def get(self, record_id: str) -> LossReport: ...

    def add(self, aggregate: LossReport) -> None: ...


class LockChangeRepository(Protocol):
    async def get(self, record_id: str) -> LockChange: ...

    def add(self, aggregate: LockChange) -> None: ...


class LossesUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def key_sets(self) -> KeySetRepository: ...

    @property
    def losses(self) -> LossRepository: ...

    @property
    def lock_changes(self) -> LockChangeRepository: ...

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None: ...


class LossesUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> LossesUnitOfWork: ...
