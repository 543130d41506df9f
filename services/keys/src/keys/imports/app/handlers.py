"""The register's bulk import (KEY-02): read the file, check every row by the register's
rules, register the valid rows in ONE transaction (their events, projections and outbox rows
in one write batch). A dry run checks and reports without writing. The import takes no
idempotency key: sending the same file again reports its rows as duplicates."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork
from cskit.domain import Clock
from keys.imports.domain.commands import ImportKeySets
from keys.imports.domain.csv import ImportPolicy, read_rows
from keys.imports.domain.report import ImportReport, check_rows
from keys.register.domain.model import KeySet


class KeySetAdder(Protocol):
    def add(self, aggregate: KeySet) -> None: ...


class ImportUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def key_sets(self) -> KeySetAdder: ...

    async def codes_in_use(self, branch_id: str, codes: Collection[str]) -> set[str]:
        """Which of ``codes`` the branch's register already has (one query)."""
        ...


class ImportUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> ImportUnitOfWork: ...


class ImportHandlers:
    def __init__(self, uow: ImportUnitOfWorkFactory, clock: Clock, policy: ImportPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def import_key_sets(self, cmd: ImportKeySets, call: Call) -> ImportReport:
        rows = read_rows(cmd.content, self._policy)
        codes = {r.cells.get("code", "").strip() for r in rows} - {""}
        async with self._uow(call) as uow:
            report = check_rows(
                rows,
                actor=call.actor,
                existing=await uow.codes_in_use(call.actor.branch_id, codes),
                new_id=lambda: str(uuid.uuid4()),
                dry_run=cmd.dry_run,
                now=self._clock.now(),
            )
            if report.key_sets:
                for key_set in report.key_sets:
                    uow.key_sets.add(key_set)
                await uow.commit()
        return report
