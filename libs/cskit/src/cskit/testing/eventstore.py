"""An in-memory event store and unit of work, for unit-testing application handlers without a
database. Same contract as ``cskit.eventstore``: every read and write takes a ``BranchScope``
(another branch's record is NotFound, PLT-01), an append expects the version the record was
loaded at (a lost race is ``WriteConflict``, so ``cskit.retry`` can be tested too), a commit
applies all of its records or none, reads restore the record from its document (so a test
also catches state a document forgets), and an idempotency key replays its first result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, Self

from cskit.domain.actor import BranchScope
from cskit.domain.errors import Conflict, NotFound, WriteConflict
from cskit.eventstore.store import A, E


@dataclass(slots=True)
class _Record(Generic[E]):
    branch_id: str
    history: list[E] = field(default_factory=list)
    document: dict[str, object] = field(default_factory=dict)


class InMemoryEventStore(Generic[A, E]):
    def __init__(
        self,
        *,
        rebuild: Callable[[Sequence[E]], A],
        pending: Callable[[A], list[E]],
        document: Callable[[A], dict[str, object]],
        restore: Callable[[Mapping[str, Any], int], A],
        not_found: Callable[[str], NotFound],
    ) -> None:
        self._rebuild, self._pending, self._document, self._restore = rebuild, pending, document, restore
        self._not_found = not_found
        self._records: dict[str, _Record[E]] = {}
        # Every event committed, in order, as the outbox would publish them.
        self.published: list[E] = []

    @classmethod
    def of(cls, aggregate: Any, not_found: Callable[[str], NotFound]) -> InMemoryEventStore[Any, Any]:
        """For an ``EventSourced`` class with ``rebuild`` (the usual case)."""
        return InMemoryEventStore(
            rebuild=aggregate.rebuild,
            pending=aggregate.pull_pending,
            document=aggregate.to_document,
            restore=aggregate.from_document,
            not_found=not_found,
        )

    def _visible(self, record_id: str, scope: BranchScope) -> _Record[E]:
        record = self._records.get(record_id)
        if record is None or not scope.allows(record.branch_id):
            raise self._not_found(record_id)
        return record

    async def load(self, record_id: str, scope: BranchScope) -> A:
        return self._rebuild(list(self._visible(record_id, scope).history))

    async def read(self, record_id: str, scope: BranchScope) -> A:
        record = self._visible(record_id, scope)
        return self._restore(record.document, len(record.history))

    async def history(self, record_id: str, scope: BranchScope) -> list[E]:
        return list(self._visible(record_id, scope).history)

    def check(self, aggregate: A, scope: BranchScope) -> None:
        """WriteConflict if another commit appended since ``aggregate`` was loaded."""
        if not scope.allows(aggregate.branch_id):
            raise self._not_found(aggregate.id)
        record = self._records.get(aggregate.id)
        if (0 if record is None else len(record.history)) != aggregate.loaded_version:
            raise WriteConflict("the record changed meanwhile; reload and try again", code="concurrent_change")

    def append(self, aggregate: A) -> list[E]:
        events = self._pending(aggregate)
        if events:
            record = self._records.setdefault(aggregate.id, _Record(aggregate.branch_id))
            record.history.extend(events)
            record.document = self._document(aggregate)
            self.published.extend(events)
        return events


class InMemoryRepository(Generic[A, E]):
    def __init__(self, store: InMemoryEventStore[A, E], scope: BranchScope) -> None:
        self.store = store
        self.scope = scope
        self.seen: dict[str, A] = {}

    async def get(self, record_id: str) -> A:
        if record_id not in self.seen:
            self.seen[record_id] = await self.store.load(record_id, self.scope)
        return self.seen[record_id]

    def add(self, aggregate: A) -> None:
        self.seen[aggregate.id] = aggregate


@dataclass(slots=True)
class IdempotencyMemory:
    """Idempotency keys across units of work: key -> (request fingerprint, result)."""

    results: dict[str, tuple[str, str]] = field(default_factory=dict)


class InMemoryUnitOfWork:
    """A service's test unit of work subclasses it and opens its repositories with
    ``repository``; ``commit`` checks every record's expected version before applying any."""

    def __init__(
        self, scope: BranchScope, *, keys: IdempotencyMemory | None = None, key: tuple[str, str] | None = None
    ) -> None:
        self.scope = scope
        self._keys = keys or IdempotencyMemory()
        self._key = key  # (idempotency key, request fingerprint)
        self._repositories: list[InMemoryRepository[Any, Any]] = []
        self.committed: list[tuple[Any, list[Any]]] = []

    def repository(self, store: InMemoryEventStore[A, E]) -> InMemoryRepository[A, E]:
        repo = InMemoryRepository(store, self.scope)
        self._repositories.append(repo)
        return repo

    async def __aenter__(self) -> Self:
        # Each attempt starts from the store, as a SQL unit of work's fresh transaction does:
        # what an attempt that lost a write race loaded or added is gone on its retry.
        for repo in self._repositories:
            repo.seen.clear()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None  # uncommitted changes live only in the loaded aggregates: dropped with them

    async def claim(self) -> str | None:
        """``cskit.calls.once``'s first step: in memory nothing runs concurrently, so claiming is
        recalling."""
        return await self.recall()

    async def recall(self) -> str | None:
        if self._key is None or (found := self._keys.results.get(self._key[0])) is None:
            return None
        if found[0] != self._key[1]:
            raise Conflict("this Idempotency-Key was used with a different request", code="idempotency_key_reused")
        return found[1]

    async def commit(self, *, result_ref: str | None = None) -> None:
        for repo in self._repositories:
            for aggregate in repo.seen.values():
                repo.store.check(aggregate, self.scope)
        for repo in self._repositories:
            for aggregate in repo.seen.values():
                if events := repo.store.append(aggregate):
                    self.committed.append((aggregate, events))
        if self._key is not None and result_ref is not None:
            self._keys.results[self._key[0]] = (self._key[1], result_ref)
