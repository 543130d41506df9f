"""A stock-take session (ARC-10): the month-end reconciliation of a branch's catalogue (or one
shelf range or category of it) against the shelf, or the yearly full check. Opened by the
archivist or a manager; takes what was found; closing reconciles against the register as it
stands then and says what happens to each record - which the handler does through the
record's own methods (``settle``), in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from archives.domain.categories import category_of
from archives.records.domain.model import ArchiveRecord
from archives.stocktake.domain.events import (
    Expected,
    Finding,
    Found,
    StocktakeClosed,
    StocktakeEvent,
    StocktakeItemsFound,
    StocktakeStarted,
)
from archives.stocktake.domain.reconcile import DAMAGED, merged, reconcile
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import IdentityGrammar, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import bounded_text
from cskit.domain.transitions import TransitionTable

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Who counts the archives (the permission archives.keep lets them in; this is the rule's own check).
COUNTERS = frozenset({"archivist", "manager"})
KINDS = frozenset({"monthly", "full"})
CONDITIONS = frozenset({"good", DAMAGED})
MAX_FOUND = 20000


class StocktakeStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    OPEN = "open"
    CLOSED = "closed"


class StocktakeAction(StrEnum):
    RECORD = "record what was found in"
    CLOSE = "close"


TRANSITIONS: TransitionTable[StocktakeStatus, StocktakeAction] = TransitionTable(
    {
        (StocktakeStatus.OPEN, StocktakeAction.RECORD): StocktakeStatus.OPEN,
        (StocktakeStatus.OPEN, StocktakeAction.CLOSE): StocktakeStatus.CLOSED,
    },
    record="a stock-take",
    rule="ARC-10",
    codes={StocktakeAction.RECORD: "stocktake_closed", StocktakeAction.CLOSE: "stocktake_closed"},
)


def _line(value: str, field: str, limit: int) -> str:
    return bounded_text(value, field, limit)


def found_item(record_id: str, archive_no: str, location: str, condition: str, note: str) -> Found:
    record_id = record_id.strip()
    if record_id and not IdentityGrammar.subject_ok(record_id):
        raise InvalidInput.on("record_id", "must be a record's id")
    archive_no = _line(archive_no, "archive_no", 60)
    location = _line(location, "location", 100)
    note = _line(note, "note", 200)
    condition = condition or "good"
    if not location:
        raise InvalidInput.on("location", "is required: where it was found")
    if condition not in CONDITIONS:
        raise InvalidInput.on("condition", "must be good or damaged", rule_id="ARC-10")
    if not record_id and not archive_no and not note:
        raise InvalidInput.on("note", "an unknown item needs a note saying what it is")
    return Found(record_id=record_id, archive_no=archive_no, location=location, condition=condition, note=note)


def slot_of(kind: str, period: str, scope: str, category: str) -> str:
    """One session a branch per kind, period, shelf range and category (the unique index)."""
    return f"{kind}:{period}:{scope}:{category}"


class StocktakeSession(EventSourced[StocktakeEvent]):
    id: str
    branch_id: str
    kind: str
    period: str
    scope: str
    category: str
    counted_by: str
    status: StocktakeStatus
    expected: tuple[Expected, ...]
    found: tuple[Found, ...]
    findings: tuple[Finding, ...]
    expected_items: int
    found_items: int
    missing: int
    misplaced: int
    damaged: int
    recovered: int
    unknown: int
    lent_on_shelf: int
    created_at: datetime
    closed_at: datetime | None
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.kind = self.period = self.scope = self.category = self.counted_by = ""
        self.status = StocktakeStatus.UNSPECIFIED
        self.expected, self.found, self.findings = (), (), ()
        self.expected_items = self.found_items = 0
        self.missing = self.misplaced = self.damaged = self.recovered = self.unknown = self.lent_on_shelf = 0
        self.created_at = self.updated_at = _EPOCH
        self.closed_at = None

    @classmethod
    @enforces("ARC-10")
    def start(
        cls,
        *,
        session_id: str,
        actor: Actor,
        kind: str,
        scope: str,
        category: str,
        local_month: str,
        expected: Sequence[Expected],
        full_check_done: bool,
        now: datetime,
    ) -> StocktakeSession:
        """``expected``: what the register holds in the range now; ``full_check_done``: whether
        the branch's full check of this year has been opened (it comes first each year)."""
        require_role(actor, COUNTERS, action="taking stock of the archives")
        if kind not in KINDS:
            raise InvalidInput.on("kind", "must be monthly or full")
        scope = _line(scope, "scope", 100)
        category = category_of(category).value if category else ""
        if kind == "full" and (scope or category):
            raise InvalidInput.on(
                "scope", "the full check counts everything: no shelf range or category", rule_id="ARC-10"
            )
        if kind == "monthly" and not full_check_done:
            raise RuleViolation(
                f"the full check of {local_month[:4]} comes first: open a full stock-take",
                code="full_check_first",
                rule_id="ARC-10",
            )
        session = cls()
        session._record(
            StocktakeStarted(
                session_id=session_id,
                branch_id=actor.branch_id,
                kind=kind,
                period=local_month[:4] if kind == "full" else local_month,
                scope=scope,
                category=category,
                expected=tuple(expected),
                expected_items=len(expected),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return session

    @classmethod
    def rebuild(cls, history: Sequence[StocktakeEvent]) -> StocktakeSession:
        session = cls()
        session._replay(history)
        return session

    @property
    def slot(self) -> str:
        return slot_of(self.kind, self.period, self.scope, self.category)

    def record(self, actor: Actor, items: Sequence[Found], *, now: datetime) -> None:
        TRANSITIONS.move(self.status, StocktakeAction.RECORD)
        require_role(actor, COUNTERS, action="taking stock of the archives")
        if not items:
            raise InvalidInput.on("items", "name at least one item found")
        if len(self.found) + len(items) > MAX_FOUND:
            raise InvalidInput.on("items", f"a stock-take takes at most {MAX_FOUND} findings")
        self._record(
            StocktakeItemsFound(
                session_id=self.id, found=tuple(items), items=len(items), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("ARC-10")
    def close(
        self, actor: Actor, register: Sequence[Expected], others: Mapping[str, Expected], *, now: datetime
    ) -> list[Finding]:
        """Reconcile what was found with the register as it stands at closing (a record lent
        or returned meanwhile is judged by where it is now); answers every line."""
        TRANSITIONS.move(self.status, StocktakeAction.CLOSE)
        require_role(actor, COUNTERS, action="taking stock of the archives")
        findings = reconcile(register, self.found, others)

        def count(outcome: str) -> int:
            return sum(1 for f in findings if f.outcome == outcome)

        self._record(
            StocktakeClosed(
                session_id=self.id,
                branch_id=self.branch_id,
                kind=self.kind,
                period=self.period,
                findings=tuple(findings),
                expected_items=len(register),
                found_items=len(merged(self.found)),
                missing=count("missing"),
                misplaced=count("misplaced"),
                damaged=sum(1 for f in findings if f.damaged),
                recovered=count("recovered"),
                unknown=count("unknown"),
                lent_on_shelf=count("lent_on_shelf"),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return findings

    def _apply(self, event: StocktakeEvent) -> None:
        match event:
            case StocktakeStarted():
                self.id, self.branch_id, self.kind, self.period = (
                    event.session_id,
                    event.branch_id,
                    event.kind,
                    event.period,
                )
                self.scope, self.category, self.counted_by = event.scope, event.category, event.actor
                self.expected, self.expected_items = event.expected, event.expected_items
                self.created_at, self.status = event.occurred_at, StocktakeStatus.OPEN
            case StocktakeItemsFound():
                self.status = TRANSITIONS.move(self.status, StocktakeAction.RECORD)
                self.found = self.found + event.found
            case StocktakeClosed():
                self.status = TRANSITIONS.move(self.status, StocktakeAction.CLOSE)
                self.findings, self.expected_items, self.found_items = (
                    event.findings,
                    event.expected_items,
                    event.found_items,
                )
                self.missing, self.misplaced, self.damaged = event.missing, event.misplaced, event.damaged
                self.recovered, self.unknown, self.lent_on_shelf = event.recovered, event.unknown, event.lent_on_shelf
                self.closed_at = event.occurred_at
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at


@enforces("ARC-10")
def settle(record: ArchiveRecord, finding: Finding, actor: Actor, *, ref: str, period: str, now: datetime) -> None:
    """What a line does to its record, through the record's own methods (its ONE transition
    table; ``ref`` is the session, so the record's history names the stock-take, ARC-12)."""
    where = finding.found_location
    match finding.outcome:
        case "missing":
            record.report_missing(actor, ref=ref, note=f"not found at the stock-take of {period}", now=now)
        case "recovered":
            record.find(actor, ref=ref, location=where, now=now)
        case "misplaced" if record.archive_no:
            record.place(
                actor, ref=ref, volume_id=record.volume_id, archive_no=record.archive_no, location=where, now=now
            )
        case "misplaced":
            record.note_condition(
                actor,
                ref=ref,
                condition=record.condition,
                note=f"found at {where}, catalogued at {finding.expected_location or 'no location'} ({period})",
                now=now,
            )
        case _:
            pass
    if finding.damaged and record.condition != DAMAGED:
        record.note_condition(
            actor,
            ref=ref,
            condition=DAMAGED,
            note=f"damaged at the stock-take of {period}: for repair or copying",
            now=now,
        )
