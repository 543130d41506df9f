"""The fault case: a customer's report of a faulty product, event-sourced (AFS-09).

The desk records the symptom and answers what it can (the case closes); otherwise it goes
to the technical department, which calls the customer and decides an on-site repair or a
return to the factory. A chargeable repair is quoted to the customer, and the quote
accepted, before the repair is approved; approval opens the work order that does it (in
the same unit of work). Every move goes through the ONE transition table (``states``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from aftersales.domain.kinds import OrderKind, parse
from aftersales.domain.roles import CONSENT_CHANNELS, FRONT_DESK
from aftersales.faults.domain.events import (
    CustomerCalled,
    FaultAnswered,
    FaultClosed,
    FaultEscalated,
    FaultEvent,
    FaultRecorded,
    QuoteAcceptedByCustomer,
    RepairApproved,
    RepairDecided,
    RepairQuoted,
)
from aftersales.faults.domain.policy import FaultsPolicy
from aftersales.faults.domain.states import TRANSITIONS, Decision, FaultAction, FaultState
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.money import parse_cents
from cskit.domain.rules import enforces
from cskit.domain.text import TextFields

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The desk records and answers; the technical department calls, decides and quotes.
DESK = FRONT_DESK
TECHNICAL = frozenset({"engineer", "team_lead", "manager"})
CHANNELS = CONSENT_CHANNELS

# field -> (max length, required)
_TEXT = {
    "customer_name": (100, True),
    "customer_phone": (32, False),
    "unit": (100, False),
    "product": (200, False),
    "symptom": (2000, True),
    "answer": (2000, True),
    "reason": (500, True),
    "summary": (2000, True),
    "diagnosis": (2000, True),
    "accepted_by": (100, True),
}
_MULTILINE = frozenset({"symptom", "answer", "reason", "summary", "diagnosis"})


text = TextFields(_TEXT, _MULTILINE)


class FaultCase(EventSourced[FaultEvent]):
    """Build it with ``record`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    state: FaultState
    customer_name: str
    customer_phone: str
    unit: str
    product: str
    symptom: str
    answer: str
    escalation_reason: str
    calls: tuple[str, ...]
    decision: str
    chargeable: bool
    diagnosis: str
    quote_amount: str
    currency: str
    quote_accepted_by: str
    quote_accepted_at: datetime | None
    work_order_id: str
    closed_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.customer_name = self.customer_phone = self.unit = self.product = ""
        self.state = FaultState.RECORDED
        self.symptom = self.answer = self.escalation_reason = self.decision = self.diagnosis = ""
        self.calls = ()
        self.chargeable = False
        self.quote_amount = self.currency = self.quote_accepted_by = self.work_order_id = ""
        self.quote_accepted_at = None
        self.closed_reason = self.created_by = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("AFS-09")
    def record(
        cls,
        *,
        case_id: str,
        actor: Actor,
        branch_id: str,
        customer_name: str,
        symptom: str,
        customer_phone: str = "",
        unit: str = "",
        product: str = "",
        now: datetime,
    ) -> FaultCase:
        """The desk writes down the symptom as the customer tells it."""
        require_role(actor, DESK | TECHNICAL, action="recording a fault")
        case = cls()
        case._record(
            FaultRecorded(
                case_id=case_id,
                branch_id=branch_id,
                customer_name=text("customer_name", customer_name),
                customer_phone=text("customer_phone", customer_phone),
                unit=text("unit", unit),
                product=text("product", product),
                symptom=text("symptom", symptom),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return case

    @classmethod
    def rebuild(cls, history: Sequence[FaultEvent]) -> FaultCase:
        case = cls()
        case._replay(history)
        return case

    def give_answer(self, actor: Actor, *, answer: str, now: datetime) -> None:
        require_role(actor, DESK | TECHNICAL, action="answering a fault")
        TRANSITIONS.move(self.state, FaultAction.ANSWER)
        self._record(
            FaultAnswered(case_id=self.id, answer=text("answer", answer), actor=actor.subject, occurred_at=now)
        )

    def escalate(self, actor: Actor, *, reason: str, now: datetime) -> None:
        require_role(actor, DESK | TECHNICAL, action="escalating a fault")
        TRANSITIONS.move(self.state, FaultAction.ESCALATE)
        self._record(
            FaultEscalated(case_id=self.id, reason=text("reason", reason), actor=actor.subject, occurred_at=now)
        )

    def record_call(self, actor: Actor, *, summary: str, now: datetime) -> None:
        require_role(actor, TECHNICAL, action="calling the customer")
        TRANSITIONS.move(self.state, FaultAction.CALL)
        self._record(
            CustomerCalled(case_id=self.id, summary=text("summary", summary), actor=actor.subject, occurred_at=now)
        )

    def decide(self, actor: Actor, *, decision: str, chargeable: bool, diagnosis: str, now: datetime) -> None:
        """After the call: on-site repair or return to the factory, and whether it is charged."""
        require_role(actor, TECHNICAL, action="deciding a repair")
        TRANSITIONS.move(self.state, FaultAction.DECIDE)
        self._record(
            RepairDecided(
                case_id=self.id,
                decision=parse(Decision, decision, "decision", "AFS-09").value,
                chargeable=chargeable,
                diagnosis=text("diagnosis", diagnosis),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def quote(self, actor: Actor, *, amount: str, policy: FaultsPolicy, now: datetime) -> None:
        require_role(actor, TECHNICAL, action="quoting a repair")
        TRANSITIONS.move(self.state, FaultAction.QUOTE)
        if not self.chargeable:
            raise RuleViolation("a free repair is not quoted", code="not_chargeable", rule_id="AFS-09")
        value = parse_cents(amount, "amount", rule_id="AFS-09")
        self._record(
            RepairQuoted(
                case_id=self.id,
                amount=str(value),
                currency=policy.currency,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def accept_quote(self, actor: Actor, *, accepted_by: str, channel: str, now: datetime) -> None:
        """The customer's yes to the quoted amount, and how it was given."""
        require_role(actor, DESK | TECHNICAL, action="recording a quote's acceptance")
        TRANSITIONS.move(self.state, FaultAction.ACCEPT_QUOTE)
        if channel.strip().lower() not in CHANNELS:
            raise InvalidInput.on("channel", f"must be one of: {', '.join(sorted(CHANNELS))}", rule_id="AFS-09")
        self._record(
            QuoteAcceptedByCustomer(
                case_id=self.id,
                amount=self.quote_amount,
                accepted_by=text("accepted_by", accepted_by),
                channel=channel.strip().lower(),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-09")
    def approve_repair(self, actor: Actor, *, work_order_id: str, now: datetime) -> OrderKind:
        """The repair goes ahead; a chargeable one only with the customer's accepted quote.
        Answers the kind of the work order to open with it."""
        require_role(actor, TECHNICAL, action="approving a repair")
        if self.chargeable and self.state is not FaultState.QUOTE_ACCEPTED:
            raise RuleViolation(
                "a chargeable repair is quoted to the customer, and accepted, first",
                code="quote_required",
                rule_id="AFS-09",
            )
        TRANSITIONS.move(self.state, FaultAction.APPROVE)
        self._record(
            RepairApproved(
                case_id=self.id,
                branch_id=self.branch_id,
                decision=self.decision,
                chargeable=self.chargeable,
                quote_amount=self.quote_amount,
                work_order_id=work_order_id,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return OrderKind.HOME_REPAIR if self.decision == Decision.ON_SITE.value else OrderKind.RETURN_TO_FACTORY

    def close(self, actor: Actor, *, reason: str, now: datetime) -> None:
        require_role(actor, DESK | TECHNICAL, action="closing a fault")
        TRANSITIONS.move(self.state, FaultAction.CLOSE)
        self._record(FaultClosed(case_id=self.id, reason=text("reason", reason), actor=actor.subject, occurred_at=now))

    def _apply(self, event: FaultEvent) -> None:
        match event:
            case FaultRecorded():
                self.id, self.branch_id = event.case_id, event.branch_id
                self.customer_name, self.customer_phone = event.customer_name, event.customer_phone
                self.unit, self.product, self.symptom = event.unit, event.product, event.symptom
                self.created_by, self.created_at = event.actor, event.occurred_at
            case FaultAnswered():
                self.state = TRANSITIONS.move(self.state, FaultAction.ANSWER)
                self.answer = event.answer
            case FaultEscalated():
                self.state = TRANSITIONS.move(self.state, FaultAction.ESCALATE)
                self.escalation_reason = event.reason
            case CustomerCalled():
                self.state = TRANSITIONS.move(self.state, FaultAction.CALL)
                self.calls = (*self.calls, event.summary)
            case RepairDecided():
                self.state = TRANSITIONS.move(self.state, FaultAction.DECIDE)
                self.decision, self.chargeable, self.diagnosis = event.decision, event.chargeable, event.diagnosis
            case RepairQuoted():
                self.state = TRANSITIONS.move(self.state, FaultAction.QUOTE)
                self.quote_amount, self.currency = event.amount, event.currency
            case QuoteAcceptedByCustomer():
                self.state = TRANSITIONS.move(self.state, FaultAction.ACCEPT_QUOTE)
                self.quote_accepted_by, self.quote_accepted_at = event.accepted_by, event.occurred_at
            case RepairApproved():
                self.state = TRANSITIONS.move(self.state, FaultAction.APPROVE)
                self.work_order_id = event.work_order_id
            case FaultClosed():
                self.state = TRANSITIONS.move(self.state, FaultAction.CLOSE)
                self.closed_reason = event.reason
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
