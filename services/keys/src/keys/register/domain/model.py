"""The key set: one entry of the electronic register (KEY-02), event-sourced.

Every movement of a key set (lent, returned, sealed, seal opened, lost, replaced) is a method
here that goes through the ONE transition table; the sub-domain that owns the cause (a loan,
a seal, an emergency, a loss report) calls it inside its own unit of work and passes its
record's id as ``ref``. So the key set's history is the audit trail of its movements (PLT-04)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import IdentityGrammar, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from keys.domain.kinds import KeyKind, KeyState
from keys.register.domain.events import (
    KeyCountChanged,
    KeySetDetailsChanged,
    KeySetEvent,
    KeySetLent,
    KeySetRegistered,
    KeySetReplaced,
    KeySetReportedLost,
    KeySetRetired,
    KeySetReturned,
    KeySetSealed,
    KeySetSealOpened,
)
from keys.register.domain.states import TRANSITIONS, KeySetAction

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_KEYS = 100
# Who keeps the register current (KEY-02).
REGISTRARS = frozenset({"key_custodian", "team_lead", "manager"})

# field -> (max length, required)
_TEXT = {
    "code": (40, True),
    "unit": (100, True),
    "cabinet": (40, True),
    "hook": (40, True),
    "owner_name": (100, False),
    "owner_phone": (32, False),
    "note": (500, False),
    "reason": (500, True),
}


def text(field: str, value: str) -> str:
    """One checked single-line field of the register (a multi-line note is allowed)."""
    limit, required = _TEXT[field]
    cleaned = clean_text(value, field, multiline=field == "note").strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


def checked_count(value: int, field: str = "key_count") -> int:
    if not 1 <= value <= MAX_KEYS:
        raise InvalidInput.on(field, f"must be 1 to {MAX_KEYS}")
    return value


def subject(value: str, field: str) -> str:
    if not IdentityGrammar.subject_ok(value):
        raise InvalidInput.on(field, "must be a staff member's id")
    return value


def kind_of(value: str) -> KeyKind:
    try:
        kind = KeyKind(value)
    except ValueError:
        kind = KeyKind.UNSPECIFIED
    if kind is KeyKind.UNSPECIFIED:
        raise InvalidInput.on(
            "kind", f"must be one of {', '.join(k.value for k in KeyKind if k.value != 'unspecified')}"
        )
    return kind


class KeySet(EventSourced[KeySetEvent]):
    """Build it with ``register`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    code: str
    unit: str
    kind: KeyKind
    key_count: int
    cabinet: str
    hook: str
    custodian: str
    owner_name: str
    owner_phone: str
    note: str
    state: KeyState
    # The record holding the keys out (a loan) or sealing them (a deposit), else "".
    ref: str
    borrower: str
    due_at: datetime | None
    seal_number: str
    retired_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.code = self.unit = ""
        self.kind = KeyKind.UNSPECIFIED
        self.key_count = 0
        self.cabinet = self.hook = self.custodian = self.owner_name = self.owner_phone = self.note = ""
        self.state = KeyState.UNSPECIFIED
        self.ref = self.borrower = self.seal_number = self.retired_reason = self.created_by = ""
        self.due_at = None
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-01", "KEY-02")
    def register(
        cls,
        *,
        key_set_id: str,
        actor: Actor,
        code: str,
        unit: str,
        kind: str,
        key_count: int,
        cabinet: str,
        hook: str,
        custodian: str,
        owner_name: str = "",
        owner_phone: str = "",
        note: str = "",
        now: datetime,
    ) -> KeySet:
        """A key set enters the register: where it hangs, how many keys, who keeps it."""
        require_role(actor, REGISTRARS, action="registering a key set")
        checked_kind = kind_of(kind)
        owner = text("owner_name", owner_name)
        if checked_kind is KeyKind.OWNER_ENTRUSTED and not owner:
            raise InvalidInput.on("owner_name", "an owner-entrusted key set names its owner", rule_id="KEY-01")
        key_set = cls()
        key_set._record(
            KeySetRegistered(
                key_set_id=key_set_id,
                branch_id=actor.branch_id,
                code=text("code", code),
                unit=text("unit", unit),
                kind=checked_kind.value,
                key_count=checked_count(key_count),
                cabinet=text("cabinet", cabinet),
                hook=text("hook", hook),
                custodian=subject(custodian, "custodian"),
                owner_name=owner,
                owner_phone=text("owner_phone", owner_phone),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return key_set

    @classmethod
    def rebuild(cls, history: Sequence[KeySetEvent]) -> KeySet:
        key_set = cls()
        key_set._replay(history)
        return key_set

    @property
    def available(self) -> bool:
        return TRANSITIONS.allows(self.state, KeySetAction.LEND)

    @enforces("KEY-02")
    def update(self, actor: Actor, *, cabinet: str, hook: str, custodian: str, note: str, now: datetime) -> None:
        require_role(actor, REGISTRARS, action="changing the register")
        if self.state is KeyState.RETIRED:
            raise InvalidInput("a retired key set is not changed", code="key_set_retired", rule_id="KEY-02")
        self._record(
            KeySetDetailsChanged(
                key_set_id=self.id,
                cabinet=text("cabinet", cabinet),
                hook=text("hook", hook),
                custodian=subject(custodian, "custodian"),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def change_count(self, actor: Actor, *, count: int, reason: str, ref: str, now: datetime) -> None:
        """The caller's rule decided the change (KEY-10 copy, KEY-11 spare, KEY-09 re-cut)."""
        if self.state is KeyState.RETIRED:
            raise InvalidInput("a retired key set is not changed", code="key_set_retired", rule_id="KEY-02")
        self._record(
            KeyCountChanged(
                key_set_id=self.id,
                key_count=checked_count(count),
                reason=text("reason", reason),
                ref=ref,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def lend(self, actor: Actor, *, ref: str, borrower: str, due_at: datetime, now: datetime) -> None:
        """The keys leave the cabinet under the record ``ref`` (KEY-04: the loan's rules are the caller's)."""
        TRANSITIONS.move(self.state, KeySetAction.LEND)
        self._record(
            KeySetLent(
                key_set_id=self.id, ref=ref, borrower=borrower, due_at=due_at, actor=actor.subject, occurred_at=now
            )
        )

    def return_(self, actor: Actor, *, ref: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, KeySetAction.RETURN)
        if ref != self.ref:
            raise InvalidInput(f"key set {self.code} is out under another record", code="wrong_loan", rule_id="KEY-07")
        self._record(KeySetReturned(key_set_id=self.id, ref=ref, actor=actor.subject, occurred_at=now))

    def seal(self, actor: Actor, *, ref: str, seal_number: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, KeySetAction.SEAL)
        self._record(
            KeySetSealed(key_set_id=self.id, ref=ref, seal_number=seal_number, actor=actor.subject, occurred_at=now)
        )

    def open_seal(self, actor: Actor, *, ref: str, reason: str, now: datetime) -> None:
        """KEY-03: the caller has checked the owner's consent or an approved emergency (KEY-06)."""
        TRANSITIONS.move(self.state, KeySetAction.OPEN_SEAL)
        self._record(
            KeySetSealOpened(
                key_set_id=self.id,
                ref=ref,
                seal_number=self.seal_number,
                reason=text("reason", reason),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def report_lost(self, actor: Actor, *, ref: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, KeySetAction.REPORT_LOST)
        self._record(KeySetReportedLost(key_set_id=self.id, ref=ref, actor=actor.subject, occurred_at=now))

    def replace(self, actor: Actor, *, ref: str, count: int, now: datetime) -> None:
        TRANSITIONS.move(self.state, KeySetAction.REPLACE)
        self._record(
            KeySetReplaced(
                key_set_id=self.id, ref=ref, key_count=checked_count(count), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("KEY-02")
    def retire(self, actor: Actor, *, reason: str, now: datetime) -> None:
        require_role(actor, REGISTRARS, action="retiring a key set")
        TRANSITIONS.move(self.state, KeySetAction.RETIRE)
        self._record(
            KeySetRetired(key_set_id=self.id, reason=text("reason", reason), actor=actor.subject, occurred_at=now)
        )

    def _apply(self, event: KeySetEvent) -> None:
        match event:
            case KeySetRegistered():
                self.id, self.branch_id, self.code, self.unit = (
                    event.key_set_id,
                    event.branch_id,
                    event.code,
                    event.unit,
                )
                self.kind, self.key_count = KeyKind(event.kind), event.key_count
                self.cabinet, self.hook, self.custodian = event.cabinet, event.hook, event.custodian
                self.owner_name, self.owner_phone, self.note = event.owner_name, event.owner_phone, event.note
                self.state, self.created_by, self.created_at = KeyState.IN_CABINET, event.actor, event.occurred_at
            case KeySetDetailsChanged():
                self.cabinet, self.hook, self.custodian, self.note = (
                    event.cabinet,
                    event.hook,
                    event.custodian,
                    event.note,
                )
            case KeyCountChanged():
                self.key_count = event.key_count
            case KeySetLent():
                self.state = TRANSITIONS.move(self.state, KeySetAction.LEND)
                self.ref, self.borrower, self.due_at = event.ref, event.borrower, event.due_at
            case KeySetReturned():
                self.state = TRANSITIONS.move(self.state, KeySetAction.RETURN)
                self.ref, self.borrower, self.due_at = "", "", None
            case KeySetSealed():
                self.state = TRANSITIONS.move(self.state, KeySetAction.SEAL)
                self.ref, self.seal_number = event.ref, event.seal_number
            case KeySetSealOpened():
                self.state = TRANSITIONS.move(self.state, KeySetAction.OPEN_SEAL)
                self.ref, self.seal_number = "", ""
            case KeySetReportedLost():
                self.state = TRANSITIONS.move(self.state, KeySetAction.REPORT_LOST)
                self.ref, self.borrower, self.due_at = event.ref, "", None
            case KeySetReplaced():
                self.state = TRANSITIONS.move(self.state, KeySetAction.REPLACE)
                self.ref, self.key_count = "", event.key_count
            case KeySetRetired():
                self.state = TRANSITIONS.move(self.state, KeySetAction.RETIRE)
                self.retired_reason = event.reason
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
