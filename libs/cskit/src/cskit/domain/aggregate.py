"""The plumbing of an event-sourced aggregate: every state change is an event that is applied,
kept in the history, and pending until the unit of work stores and publishes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

E = TypeVar("E")


class EventSourced(Generic[E]):
    def __init__(self) -> None:
        self.history: list[E] = []
        self.pending: list[E] = []

    @property
    def version(self) -> int:
        """How many events the aggregate has (loaded and pending)."""
        return len(self.history)

    @property
    def loaded_version(self) -> int:
        """The version persistence loaded: the expected version for an optimistic write."""
        return len(self.history) - len(self.pending)

    def pull_pending(self) -> list[E]:
        """Hand the new events to the unit of work and forget them."""
        pending, self.pending = self.pending, []
        return pending

    def _apply(self, event: E) -> None:
        raise NotImplementedError

    def _record(self, event: E) -> None:
        self._apply(event)
        self.history.append(event)
        self.pending.append(event)

    def _replay(self, history: Sequence[E]) -> None:
        """Apply stored events: the aggregate as its history leaves it, nothing pending."""
        for event in history:
            self._apply(event)
            self.history.append(event)
