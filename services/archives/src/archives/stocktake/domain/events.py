"""Stock-take events (ARC-10), shaped like their payloads in
``cs/archives/v1/stocktake_events.proto`` (the lines stay in the history, the report's
discrepancies ride on ``StocktakeClosed``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self


class _Flat:
    """A line of plain fields, to and from JSON without the codec's per-field walk (a full
    check stores thousands of them; the codec takes ``to_dict``/``from_dict``)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, object]:
        names: tuple[str, ...] = type(self).__slots__
        return {name: getattr(self, name) for name in names}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Self:
        return cls(**raw)


@dataclass(frozen=True, slots=True, kw_only=True)
class Expected(_Flat):
    """What the register says of a record: on the shelf at ``location``, lent (expected out),
    or missing (found again at a stock-take)."""

    record_id: str
    archive_no: str
    location: str
    state: str
    borrower: str = ""
    ref: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Found(_Flat):
    """What the archivist found: a record by id or archive number (neither: an unknown item
    described by its note), where, and in what condition."""

    record_id: str
    archive_no: str
    location: str
    condition: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding(_Flat):
    """One line of the reconciliation."""

    record_id: str
    archive_no: str
    expected_location: str
    found_location: str
    state: str
    # ok, out, missing, misplaced, recovered, lent_on_shelf, unknown.
    outcome: str
    condition: str = ""
    damaged: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StocktakeStarted:
    session_id: str
    branch_id: str
    kind: str
    period: str
    scope: str
    category: str
    expected: tuple[Expected, ...]
    expected_items: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StocktakeItemsFound:
    session_id: str
    found: tuple[Found, ...]
    items: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StocktakeClosed:
    session_id: str
    branch_id: str
    kind: str
    period: str
    findings: tuple[Finding, ...]
    expected_items: int
    found_items: int
    missing: int
    misplaced: int
    damaged: int
    recovered: int
    unknown: int
    lent_on_shelf: int
    actor: str
    occurred_at: datetime

    @property
    def discrepancies(self) -> tuple[Finding, ...]:
        """The report's lines: everything but ok and out (the payload's ``discrepancies``)."""
        return tuple(f for f in self.findings if f.outcome not in QUIET or f.damaged)


QUIET = frozenset({"ok", "out"})

StocktakeEvent = StocktakeStarted | StocktakeItemsFound | StocktakeClosed


@dataclass(frozen=True, slots=True, kw_only=True)
class StocktakeReminderDue:
    """The month-end (or yearly full check's) reminder: staged straight on the outbox."""

    branch_id: str
    kind: str
    period: str
    day: str
    occurred_at: datetime
