"""The plumbing of an event-sourced aggregate: every state change is an event that is applied,
kept in the history, and pending until the unit of work stores and publishes it.

An aggregate whose state attributes are annotated at class level also has a *document*: its
whole state as JSON (``to_document``), from which ``from_document`` restores it without its
history. Read models store that document, so a read never replays a history.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from functools import cache
from typing import Any, Generic, Self, TypeVar, cast, get_type_hints

from cskit.domain.codec import Decoder, decoder, to_json
from cskit.domain.errors import InvalidInput

E = TypeVar("E")

_NOT_STATE = frozenset({"history", "pending", "_base_version"})


@cache
def _state_hints(cls: Any) -> dict[str, Decoder]:
    # Resolving annotations is costly and classes never change: once per class.
    return {name: decoder(hint) for name, hint in get_type_hints(cls).items() if name not in _NOT_STATE}


class EventSourced(Generic[E]):
    def __init__(self) -> None:
        self.history: list[E] = []
        self.pending: list[E] = []
        # Events folded in before ``history`` starts: a record restored from its document.
        self._base_version = 0

    @property
    def version(self) -> int:
        """How many events the aggregate has (loaded and pending)."""
        return self._base_version + len(self.history)

    def to_document(self) -> dict[str, object]:
        """The state (every class-annotated attribute) as JSON-safe values."""
        return {name: to_json(getattr(self, name)) for name in _state_hints(cast(Hashable, type(self)))}

    @classmethod
    def from_document(cls, raw: Mapping[str, Any], version: int) -> Self:
        """The aggregate ``to_document`` described, at ``version``, with no history; refuses a
        document that lacks or adds a state attribute (a stale read model: rebuild it)."""
        hints = _state_hints(cast(Hashable, cls))
        if missing := sorted(set(hints) - set(raw)):
            raise InvalidInput.on("document", f"lacks {missing}")
        if extra := sorted(set(raw) - set(hints)):
            raise InvalidInput.on("document", f"has unknown fields {extra}")
        aggregate = cls()
        for name, decode in hints.items():
            setattr(aggregate, name, decode(raw[name], name))
        aggregate._base_version = version
        return aggregate

    @property
    def loaded_version(self) -> int:
        """The version persistence loaded: the expected version for an optimistic write."""
        return self.version - len(self.pending)

    def pull_pending(self) -> list[E]:
        """Hand the new events to the unit of work and forget them."""
        pending, self.pending = self.pending, []
        return pending

    @classmethod
    def rebuild(cls, history: Sequence[E]) -> Self:
        """The aggregate as its stored ``history`` leaves it, nothing pending."""
        aggregate = cls()
        aggregate._replay(history)
        return aggregate

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
