"""One transition-table type for every record with a status (complaints, agreements, sanctions...).

A table is the exhaustive set of legal ``(status, action) -> status`` moves; every other
pair is illegal and raises ``IllegalMove`` carrying the rule ID the action serves. It is a
read-only ``Mapping``, so a test compares it with the agreed table and walks it pair by
pair. Conditions that depend on more than the status stay in the service's rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from cskit.domain.errors import RuleViolation

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)


class IllegalMove(RuleViolation):
    """An action the record's current status does not allow; names the rule it breaks."""

    default_code = "illegal_transition"

    def __init__(self, status: str, action: str, *, rule_id: str, record: str = "a record", code: str | None = None):
        super().__init__(f"cannot {action} {record} that is {status}", code=code, rule_id=rule_id)
        self.status = status
        self.action = action


class TransitionTable(Mapping[tuple[S, A], S], Generic[S, A]):
    """``record`` names the record in messages ("a complaint"); ``rule`` is one rule ID or one
    per action; ``codes`` gives an action a more precise error code than ``illegal_transition``;
    ``error`` is the ``IllegalMove`` subclass a service raises (so callers may catch its own)."""

    def __init__(
        self,
        moves: Mapping[tuple[S, A], S],
        *,
        record: str,
        rule: str | Mapping[A, str],
        codes: Mapping[A, str] | None = None,
        error: type[IllegalMove] = IllegalMove,
    ) -> None:
        self._moves = dict(moves)
        self._record = record
        self._rule = rule
        self._codes = dict(codes or {})
        self._error = error
        if not isinstance(rule, str):
            # Every action that appears in a move must say which rule an illegal use of it breaks.
            missing = {action for (_status, action) in self._moves} - set(rule)
            if missing:
                raise ValueError(f"no rule ID for actions {sorted(missing)}")

    def rule_of(self, action: A) -> str:
        return self._rule if isinstance(self._rule, str) else self._rule[action]

    def move(self, status: S, action: A) -> S:
        """The status ``action`` leads to from ``status``; raises the table's ``IllegalMove`` if none."""
        try:
            return self._moves[(status, action)]
        except KeyError:
            raise self._error(
                status.value,
                action.value,
                rule_id=self.rule_of(action),
                record=self._record,
                code=self._codes.get(action),
            ) from None

    def allows(self, status: S, action: A) -> bool:
        return (status, action) in self._moves

    def allowed(self, status: S) -> frozenset[A]:
        return frozenset(action for (from_status, action) in self._moves if from_status is status)

    def __getitem__(self, key: tuple[S, A]) -> S:
        return self._moves[key]

    def __iter__(self) -> Iterator[tuple[S, A]]:
        return iter(self._moves)

    def __len__(self) -> int:
        return len(self._moves)

    def __repr__(self) -> str:
        return f"TransitionTable({self._record!r}, {len(self._moves)} moves)"
