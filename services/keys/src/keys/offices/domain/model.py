"""Opening an office for someone who forgot their key (KEY-16, seed 000 §9 A.4): a written
request (its scan referenced), confirmed by the unit's head (name, time to the minute) and
consented to by the customer-service manager (never the one who recorded the request), then
the opening, then the stamped, signed request filed (its filing reference closes the record).
Opening before the consent is refused by the transition table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from cskit.domain.transitions import IllegalMove, TransitionTable
from keys.domain.reported import reported_minute
from keys.offices.domain.events import (
    OfficeOpened,
    OfficeOpeningConfirmed,
    OfficeOpeningConsented,
    OfficeOpeningFiled,
    OfficeOpeningRequested,
    OpeningEvent,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# 客服部经理: the customer-service manager consents.
CONSENTERS = frozenset({"manager"})


class OpeningStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    CONSENTED = "consented"
    OPENED = "opened"
    FILED = "filed"


class OpeningAction(StrEnum):
    CONFIRM = "confirm"
    CONSENT = "consent to"
    OPEN = "open the office of"
    FILE = "file"


class IllegalOpeningMove(IllegalMove):
    """A step of KEY-16 out of its order (an opening before the consent)."""


S, A = OpeningStatus, OpeningAction
TRANSITIONS: TransitionTable[OpeningStatus, OpeningAction] = TransitionTable(
    {
        (S.REQUESTED, A.CONFIRM): S.CONFIRMED,
        (S.CONFIRMED, A.CONSENT): S.CONSENTED,
        (S.CONSENTED, A.OPEN): S.OPENED,
        (S.OPENED, A.FILE): S.FILED,
    },
    record="an office opening",
    rule="KEY-16",
    codes={A.OPEN: "opening_not_consented", A.CONSENT: "opening_not_confirmed", A.FILE: "office_not_opened"},
    error=IllegalOpeningMove,
)


def _text(value: str, field: str, limit: int, *, required: bool = True, multiline: bool = False) -> str:
    cleaned = clean_text(value, field, multiline=multiline).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required", rule_id="KEY-16")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


class OfficeOpening(EventSourced[OpeningEvent]):
    id: str
    branch_id: str
    requester_name: str
    office: str
    reason: str
    request_document_ref: str
    key_set_id: str
    status: OpeningStatus
    recorded_by: str
    head_name: str
    head_confirmed_at: datetime | None
    consented_by: str
    consented_at: datetime | None
    opened_by: str
    opened_at: datetime | None
    filing_ref: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.requester_name = self.office = self.reason = ""
        self.request_document_ref = self.key_set_id = self.recorded_by = self.head_name = ""
        self.consented_by = self.opened_by = self.filing_ref = ""
        self.status = OpeningStatus.UNSPECIFIED
        self.head_confirmed_at = self.consented_at = self.opened_at = None
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-16")
    def request(
        cls,
        *,
        opening_id: str,
        branch_id: str,
        actor: Actor,
        requester_name: str,
        office: str,
        reason: str,
        request_document_ref: str,
        key_set_id: str,
        now: datetime,
    ) -> OfficeOpening:
        """The written request, its scan referenced (``request_document_ref``)."""
        made = cls()
        made._record(
            OfficeOpeningRequested(
                opening_id=opening_id,
                branch_id=branch_id,
                requester_name=_text(requester_name, "requester_name", 100),
                office=_text(office, "office", 100),
                reason=_text(reason, "reason", 500, multiline=True),
                request_document_ref=_text(request_document_ref, "request_document_ref", 200),
                key_set_id=key_set_id,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return made

    @classmethod
    def rebuild(cls, history: Sequence[OpeningEvent]) -> OfficeOpening:
        made = cls()
        made._replay(history)
        return made

    @enforces("KEY-16")
    def confirm(self, actor: Actor, *, head_name: str, confirmed_at: datetime | None, now: datetime) -> None:
        """The unit's head confirmed the request (to the minute; not before it, not in the future)."""
        TRANSITIONS.move(self.status, A.CONFIRM)
        at = reported_minute(confirmed_at, "confirmed_at", now=now, not_before=self.created_at, rule_id="KEY-16")
        self._record(
            OfficeOpeningConfirmed(
                opening_id=self.id,
                head_name=_text(head_name, "head_name", 100),
                confirmed_at=at,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("KEY-16", "PLT-02")
    def consent(self, actor: Actor, *, note: str, now: datetime) -> None:
        require_role(actor, CONSENTERS, action="consenting to opening an office")
        TRANSITIONS.move(self.status, A.CONSENT)
        require_not_requester(actor, self.recorded_by, action="consenting to opening an office")
        self._record(
            OfficeOpeningConsented(
                opening_id=self.id,
                note=_text(note, "note", 1000, required=False, multiline=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("KEY-16")
    def open(self, actor: Actor, *, note: str, now: datetime) -> None:
        """Refused before the manager's consent (the transition table)."""
        TRANSITIONS.move(self.status, A.OPEN)
        self._record(
            OfficeOpened(
                opening_id=self.id,
                note=_text(note, "note", 1000, required=False, multiline=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("KEY-16")
    def file(self, actor: Actor, *, filing_ref: str, now: datetime) -> None:
        """The stamped, signed request is filed; its reference closes the record."""
        TRANSITIONS.move(self.status, A.FILE)
        self._record(
            OfficeOpeningFiled(
                opening_id=self.id,
                filing_ref=_text(filing_ref, "filing_ref", 200),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: OpeningEvent) -> None:
        match event:
            case OfficeOpeningRequested():
                self.id, self.branch_id, self.requester_name = event.opening_id, event.branch_id, event.requester_name
                self.office, self.reason, self.request_document_ref = (
                    event.office,
                    event.reason,
                    event.request_document_ref,
                )
                self.key_set_id, self.recorded_by, self.created_at = event.key_set_id, event.actor, event.occurred_at
                self.status = S.REQUESTED
            case OfficeOpeningConfirmed():
                self.status = TRANSITIONS.move(self.status, A.CONFIRM)
                self.head_name, self.head_confirmed_at = event.head_name, event.confirmed_at
            case OfficeOpeningConsented():
                self.status = TRANSITIONS.move(self.status, A.CONSENT)
                self.consented_by, self.consented_at = event.actor, event.occurred_at
            case OfficeOpened():
                self.status = TRANSITIONS.move(self.status, A.OPEN)
                self.opened_by, self.opened_at = event.actor, event.occurred_at
            case OfficeOpeningFiled():
                self.status = TRANSITIONS.move(self.status, A.FILE)
                self.filing_ref = event.filing_ref
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
