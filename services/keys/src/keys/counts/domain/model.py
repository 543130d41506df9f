"""A count session (KEY-08): one cabinet, one branch-local day. Started by the cabinet's
custodian, their deputy (KEY-14), a team lead or a manager; takes what was found hook by
hook; closing reconciles against the register and names the discrepancy cases to open (the
handler opens them in the same transaction)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, Forbidden, InvalidInput
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from cskit.domain.transitions import TransitionTable
from keys.counts.domain.events import (
    CountClosed,
    CountEvent,
    CountItemsFound,
    CountStarted,
    Expected,
    Finding,
    Found,
)
from keys.counts.domain.reconcile import reconcile

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Anyone of these may count any cabinet of their branch; a custodian only their own (or a
# cabinet they hold by a hand-off, KEY-14).
OVERSEERS = frozenset({"team_lead", "manager"})
MAX_FOUND = 5000


class CountStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    OPEN = "open"
    CLOSED = "closed"


class CountAction(StrEnum):
    RECORD = "record what was found in"
    CLOSE = "close"


TRANSITIONS: TransitionTable[CountStatus, CountAction] = TransitionTable(
    {
        (CountStatus.OPEN, CountAction.RECORD): CountStatus.OPEN,
        (CountStatus.OPEN, CountAction.CLOSE): CountStatus.CLOSED,
    },
    record="a count",
    rule="KEY-08",
    codes={CountAction.RECORD: "count_closed", CountAction.CLOSE: "count_closed"},
)


@enforces("KEY-08", "KEY-14")
def require_counter(actor: Actor, custodians: Collection[str], held: Collection[str]) -> None:
    """The cabinet's custodian, whoever holds a custodian's duties today (``held``: the actor
    and every custodian who handed custody to them), a team lead or a manager."""
    if actor.has_any_role(OVERSEERS):
        return
    if not set(custodians) & set(held):
        raise Forbidden(
            "only the cabinet's custodian, their deputy, a team lead or a manager counts it",
            code="not_custodian",
            rule_id="KEY-08",
        )


def found_item(code: str, hook: str, count: int, note: str) -> Found:
    code = clean_text(code, "code", multiline=False).strip()
    hook = clean_text(hook, "hook", multiline=False).strip()
    note = clean_text(note, "note", multiline=False).strip()
    if not hook:
        raise InvalidInput.on("hook", "is required")
    if len(code) > 40 or len(hook) > 40 or len(note) > 200:
        raise InvalidInput.on("items", "code and hook at most 40 characters, note at most 200")
    if not 0 <= count <= 100:
        raise InvalidInput.on("count", "must be 0 to 100")
    if not code and not note:
        raise InvalidInput.on("note", "an unknown item needs a note saying what it is")
    return Found(code=code, hook=hook, count=count, note=note)


class CountSession(EventSourced[CountEvent]):
    id: str
    branch_id: str
    cabinet: str
    day: str
    counted_by: str
    status: CountStatus
    expected: tuple[Expected, ...]
    found: tuple[Found, ...]
    findings: tuple[Finding, ...]
    missing: int
    unexpected: int
    created_at: datetime
    closed_at: datetime | None
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.cabinet = self.day = self.counted_by = ""
        self.status = CountStatus.UNSPECIFIED
        self.expected, self.found, self.findings = (), (), ()
        self.missing = self.unexpected = 0
        self.created_at = self.updated_at = _EPOCH
        self.closed_at = None

    @classmethod
    @enforces("KEY-08")
    def start(
        cls,
        *,
        count_id: str,
        actor: Actor,
        cabinet: str,
        day: str,
        expected: Sequence[Expected],
        held: Collection[str],
        now: datetime,
    ) -> CountSession:
        """Today's count of ``cabinet``: ``expected`` is what the register holds there now."""
        require_counter(actor, {e.custodian for e in expected}, held)
        session = cls()
        session._record(
            CountStarted(
                count_id=count_id,
                branch_id=actor.branch_id,
                cabinet=cabinet,
                day=day,
                expected=tuple(expected),
                expected_items=len(expected),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return session

    @classmethod
    def rebuild(cls, history: Sequence[CountEvent]) -> CountSession:
        session = cls()
        session._replay(history)
        return session

    @property
    def custodians(self) -> set[str]:
        return {e.custodian for e in self.expected} | {self.counted_by}

    def record(self, actor: Actor, items: Sequence[Found], held: Collection[str], *, now: datetime) -> None:
        TRANSITIONS.move(self.status, CountAction.RECORD)
        require_counter(actor, self.custodians, held)
        if not items:
            raise InvalidInput.on("items", "name at least one item found")
        if len(self.found) + len(items) > MAX_FOUND:
            raise InvalidInput.on("items", f"a count takes at most {MAX_FOUND} records")
        self._record(
            CountItemsFound(
                count_id=self.id, found=tuple(items), items=len(items), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("KEY-08")
    def close(
        self,
        actor: Actor,
        register: Sequence[Expected],
        held: Collection[str],
        *,
        case_id: Callable[[], str],
        now: datetime,
    ) -> list[Finding]:
        """Reconcile what was found with the register as it stands at closing (a key lent or
        returned during the count is judged by where it is now); answers the findings that
        open a case, each with its case id."""
        TRANSITIONS.move(self.status, CountAction.CLOSE)
        require_counter(actor, self.custodians, held)
        findings = [
            f if not f.kind else _with_case(f, case_id()) for f in reconcile(register, self.found, actor.subject)
        ]
        cases = [f for f in findings if f.kind]
        self._record(
            CountClosed(
                count_id=self.id,
                branch_id=self.branch_id,
                cabinet=self.cabinet,
                day=self.day,
                findings=tuple(findings),
                missing=sum(1 for f in cases if f.kind == "count_missing"),
                unexpected=sum(1 for f in cases if f.kind == "count_unexpected"),
                discrepancy_ids=tuple(f.discrepancy_id for f in cases),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return cases

    def _apply(self, event: CountEvent) -> None:
        match event:
            case CountStarted():
                self.id, self.branch_id, self.cabinet, self.day = (
                    event.count_id,
                    event.branch_id,
                    event.cabinet,
                    event.day,
                )
                self.counted_by, self.expected, self.created_at = event.actor, event.expected, event.occurred_at
                self.status = CountStatus.OPEN
            case CountItemsFound():
                self.status = TRANSITIONS.move(self.status, CountAction.RECORD)
                self.found = self.found + event.found
            case CountClosed():
                self.status = TRANSITIONS.move(self.status, CountAction.CLOSE)
                self.findings, self.missing, self.unexpected = event.findings, event.missing, event.unexpected
                self.closed_at = event.occurred_at
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at


def _with_case(finding: Finding, case_id: str) -> Finding:
    return replace(finding, discrepancy_id=case_id)
