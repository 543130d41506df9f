"""The work order (工作任务单): one request for after-sales work, event-sourced (AFS-01).

Every move goes through the ONE transition table (``states``); the rules that belong to the
order itself are here, once: what an order must say (AFS-01), who is dispatched and the
departure clock (AFS-02), who may sign it off (AFS-03), the warranty decided before work
and a chargeable job quoted first (AFS-11, AFS-05, AFS-09), acknowledgement and consent
(AFS-13), and the repair key that must be back before sign-off (issue 14 item 2). Other
sub-domains (charges, keys, visits) call its methods inside their own unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from aftersales.domain.kinds import Basis, KeyLoan, OrderKind, OrderState, Origin, Warranty, parse
from aftersales.domain.policy import AftersalesPolicy
from aftersales.domain.roles import CONSENT_CHANNELS, FRONT_DESK
from aftersales.orders.domain.events import (
    AcknowledgementOverdue,
    DepartureOverdue,
    EngineerDeparted,
    ExtraWorkAgreed,
    KeyLent,
    KeyLoanRefused,
    KeyRequested,
    KeyReturned,
    KeyReturnRequested,
    OrderEvent,
    QuoteAccepted,
    WarrantyDecided,
    WorkOrderAccepted,
    WorkOrderAcknowledged,
    WorkOrderAssigned,
    WorkOrderBooked,
    WorkOrderCancelled,
    WorkOrderOpened,
    WorkOrderSignedOff,
    WorkStarted,
)
from aftersales.orders.domain.states import TRANSITIONS, OrderAction
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation
from cskit.domain.actor import require_role, staff_id
from cskit.domain.aggregate import EventSourced
from cskit.domain.clock import reported_time
from cskit.domain.rules import enforces
from cskit.domain.text import TextFields

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The front desk: customer service opens, books, assigns and cancels work orders.
# Engineering: engineers accept, leave, work and record the sign-off; their leads decide too.
ENGINEERING = frozenset({"engineer"})
SYSTEM = frozenset({"system"})
HOUSEHOLD = "household"

# field -> (max length, required)
_TEXT = {
    "requester_name": (100, True),
    "requester_phone": (32, False),
    "unit": (100, False),
    "facility": (200, False),
    "area": (100, False),
    "reporting_department": (60, False),
    "fault": (2000, True),
    "product": (200, False),
    "note": (2000, False),
    "reason": (500, True),
    "tools_and_parts": (500, True),
    "diagnosis": (2000, True),
    "description": (2000, True),
    "consented_by": (100, True),
    "signer_name": (100, True),
    "signer_department": (60, True),
    "signer_position": (60, False),
    "signature_pointer": (500, False),
    "key_set_id": (128, True),
    "quote_id": (64, True),
}
_MULTILINE = frozenset({"fault", "note", "reason", "diagnosis", "description", "tools_and_parts"})


text = TextFields(_TEXT, _MULTILINE)


def order_number(order_id: str, opened_at: datetime, policy: AftersalesPolicy) -> str:
    """What the form and the resident quote: the local day and the id's first characters."""
    return f"WO{policy.local_day(opened_at):%Y%m%d}-{order_id.replace('-', '')[:6].upper()}"


class WorkOrder(EventSourced[OrderEvent]):
    """Build it with ``open`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    number: str
    kind: OrderKind
    origin: Origin
    requester_name: str
    requester_phone: str
    unit: str
    facility: str
    area: str
    reporting_department: str
    fault: str
    product: str
    warranty: Warranty
    diagnosis: str
    appointment_at: datetime | None
    state: OrderState
    acknowledge_due: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str
    acknowledgement_overdue: bool
    engineer: str
    basis: str
    accepted_at: datetime | None
    departure_due: datetime | None
    departed_at: datetime | None
    departure_seconds: int | None
    departure_overdue: bool
    tools_and_parts: str
    started_at: datetime | None
    quote_id: str
    quote_total: str
    currency: str
    extra_work: tuple[str, ...]
    key_set_id: str
    key_loan: KeyLoan
    key_loan_id: str
    key_note: str
    signer_name: str
    signer_department: str
    signer_position: str
    completed_at: datetime | None
    cancelled_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.number = ""
        self.kind = OrderKind.HOME_REPAIR
        self.origin = Origin.RESIDENT_CALL
        self.requester_name = self.requester_phone = self.unit = self.facility = self.area = ""
        self.reporting_department = self.fault = self.product = self.diagnosis = ""
        self.warranty = Warranty.UNDECIDED
        self.appointment_at = self.acknowledged_at = self.accepted_at = self.departure_due = None
        self.departed_at = self.started_at = self.completed_at = None
        self.departure_seconds = None
        self.state = OrderState.OPENED
        self.acknowledge_due = _EPOCH
        self.acknowledged_by = self.engineer = self.basis = self.tools_and_parts = ""
        self.acknowledgement_overdue = self.departure_overdue = False
        self.quote_id = self.quote_total = self.currency = ""
        self.extra_work = ()
        self.key_set_id = self.key_loan_id = self.key_note = ""
        self.key_loan = KeyLoan.NONE
        self.signer_name = self.signer_department = self.signer_position = self.cancelled_reason = ""
        self.created_by = ""
        self.created_at = self.updated_at = _EPOCH

    # -- intake ------------------------------------------------------------------------------

    @classmethod
    @enforces("AFS-01", "AFS-11", "AFS-13")
    def open(
        cls,
        *,
        order_id: str,
        actor: Actor,
        branch_id: str,
        policy: AftersalesPolicy,
        kind: str,
        origin: str,
        requester_name: str,
        requester_phone: str = "",
        unit: str = "",
        facility: str = "",
        area: str = "",
        reporting_department: str = "",
        fault: str,
        product: str = "",
        warranty: str = "",
        appointment_at: datetime | None = None,
        now: datetime,
    ) -> WorkOrder:
        """The front desk opens the form: who asked, the unit or facility, the fault, the kind,
        an appointment; the warranty is said now or left to the diagnosis (AFS-11); the
        24-hour acknowledgement clock starts (AFS-13)."""
        require_role(actor, FRONT_DESK | ENGINEERING, action="opening a work order")
        checked_kind = parse(OrderKind, kind, "kind", "AFS-01")
        checked_origin = parse(Origin, origin, "origin", "AFS-01")
        place_unit, place_facility = text("unit", unit), text("facility", facility)
        department = text("reporting_department", reporting_department).lower()
        if checked_kind is OrderKind.PUBLIC_FACILITY:
            if not place_facility:
                raise InvalidInput.on("facility", "a public-facility order names the facility", rule_id="AFS-01")
            if checked_origin is not Origin.STAFF_REPORT or department not in policy.departments:
                raise InvalidInput.on(
                    "reporting_department",
                    f"a public facility is reported by a department: {', '.join(sorted(policy.departments))}",
                    rule_id="AFS-01",
                )
        else:
            if not place_unit:
                raise InvalidInput.on("unit", "a resident's order names the unit", rule_id="AFS-01")
            if checked_origin is Origin.STAFF_REPORT or department:
                raise InvalidInput.on("origin", "a resident's order comes from a call or a visit", rule_id="AFS-01")
        if appointment_at is not None:
            appointment_at = cls._appointment(appointment_at, now, policy)
        order = cls()
        order._record(
            WorkOrderOpened(
                order_id=order_id,
                branch_id=branch_id,
                number=order_number(order_id, now, policy),
                kind=checked_kind.value,
                origin=checked_origin.value,
                requester_name=text("requester_name", requester_name),
                requester_phone=text("requester_phone", requester_phone),
                unit=place_unit,
                facility=place_facility,
                area=text("area", area),
                reporting_department=department,
                fault=text("fault", fault),
                product=text("product", product),
                warranty=parse(Warranty, warranty or Warranty.UNDECIDED.value, "warranty", "AFS-11").value,
                appointment_at=appointment_at,
                acknowledge_due=now + policy.acknowledge_within,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return order

    @classmethod
    def rebuild(cls, history: Sequence[OrderEvent]) -> WorkOrder:
        order = cls()
        order._replay(history)
        return order

    @staticmethod
    def _appointment(at: datetime | None, now: datetime, policy: AftersalesPolicy) -> datetime:
        if at is None:
            raise InvalidInput.on("appointment_at", "is required", rule_id="AFS-02")
        if at.tzinfo is None:
            raise InvalidInput.on("appointment_at", "must carry its zone")
        if not now - policy.reported_time_skew <= at <= now + policy.appointment_horizon:
            raise InvalidInput.on("appointment_at", "must lie between now and the booking horizon", rule_id="AFS-02")
        return at.astimezone(UTC)

    @enforces("AFS-13")
    def acknowledge(self, actor: Actor, *, note: str, now: datetime) -> None:
        """The request confirmed with the customer (a repeat is a no-op)."""
        require_role(actor, FRONT_DESK | ENGINEERING, action="acknowledging a work order")
        TRANSITIONS.move(self.state, OrderAction.ACKNOWLEDGE)
        if self.acknowledged_at is None:
            self._record(
                WorkOrderAcknowledged(order_id=self.id, note=text("note", note), actor=actor.subject, occurred_at=now)
            )

    def acknowledgement_clock(self, now: datetime) -> None:
        """AFS-13's timer: still not acknowledged when the 24 hours ran out."""
        if self.acknowledged_at is None and not self.state.final and not self.acknowledgement_overdue:
            self._record(
                AcknowledgementOverdue(order_id=self.id, due_at=self.acknowledge_due, actor="system", occurred_at=now)
            )

    # -- dispatch (AFS-02) -------------------------------------------------------------------

    @enforces("AFS-02")
    def book(
        self, actor: Actor, *, appointment_at: datetime | None, note: str, policy: AftersalesPolicy, now: datetime
    ) -> None:
        """Nobody on duty: the front desk books a time with the resident."""
        require_role(actor, FRONT_DESK, action="booking a work order")
        TRANSITIONS.move(self.state, OrderAction.BOOK)
        self._record(
            WorkOrderBooked(
                order_id=self.id,
                appointment_at=self._appointment(appointment_at, now, policy),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-02")
    def assign(self, actor: Actor, *, engineer: str, basis: str, reason: str = "", now: datetime) -> None:
        """To the engineer on duty; a public facility to the responsible area's engineer or the
        one on duty; a booked order to whoever takes the appointment. Reassigning names why."""
        require_role(actor, FRONT_DESK, action="dispatching a work order")
        moving_from = self.engineer if self.state in (OrderState.ASSIGNED, OrderState.ACCEPTED) else ""
        TRANSITIONS.move(self.state, OrderAction.ASSIGN)
        checked = parse(Basis, basis, "basis", "AFS-02")
        if checked is Basis.AREA and self.kind is not OrderKind.PUBLIC_FACILITY:
            raise InvalidInput.on("basis", "only a public facility goes to the area's engineer", rule_id="AFS-02")
        if checked is Basis.APPOINTMENT and self.appointment_at is None:
            raise InvalidInput.on("basis", "no appointment is booked", rule_id="AFS-02")
        if self.key_loan.out:
            raise RuleViolation("the repair key is still out with the engineer", code="key_out")
        who = staff_id(engineer, "engineer")
        self._record(
            WorkOrderAssigned(
                order_id=self.id,
                engineer=who,
                basis=checked.value,
                previous_engineer=moving_from,
                reason=text("reason", reason) if moving_from else "",
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-02")
    def accept(self, actor: Actor, *, policy: AftersalesPolicy, now: datetime) -> None:
        """The engineer takes the order: they leave within 5 minutes (or by the appointment)."""
        self._require_engineer(actor, "accepting a work order")
        TRANSITIONS.move(self.state, OrderAction.ACCEPT)
        due = now + policy.departure_within
        if self.appointment_at is not None and self.appointment_at > due:
            due = self.appointment_at
        self._record(
            WorkOrderAccepted(
                order_id=self.id, engineer=actor.subject, departure_due=due, actor=actor.subject, occurred_at=now
            )
        )

    @enforces("AFS-02")
    def depart(self, actor: Actor, *, tools_and_parts: str, now: datetime) -> None:
        """The engineer leaves with tools and parts; late past the departure clock."""
        self._require_engineer(actor, "leaving for a work order")
        TRANSITIONS.move(self.state, OrderAction.DEPART)
        assert self.accepted_at is not None and self.departure_due is not None
        self._record(
            EngineerDeparted(
                order_id=self.id,
                engineer=self.engineer,
                tools_and_parts=text("tools_and_parts", tools_and_parts),
                departure_seconds=max(0, int((now - self.accepted_at).total_seconds())),
                late=now > self.departure_due,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def departure_clock(self, now: datetime) -> None:
        """AFS-02's timer: accepted and still not left when the clock ran out."""
        if self.state is OrderState.ACCEPTED and not self.departure_overdue and self.departure_due is not None:
            self._record(
                DepartureOverdue(
                    order_id=self.id, engineer=self.engineer, due_at=self.departure_due, actor="system", occurred_at=now
                )
            )

    # -- the job (AFS-05, AFS-09, AFS-11, AFS-13) ---------------------------------------------

    @enforces("AFS-11")
    def decide_warranty(self, actor: Actor, *, warranty: str, diagnosis: str, now: datetime) -> None:
        """An order opened "undecided" is decided after diagnosis, once."""
        self._require_engineering(actor, "deciding the warranty")
        TRANSITIONS.move(self.state, OrderAction.DECIDE_WARRANTY)
        if self.warranty is not Warranty.UNDECIDED:
            raise RuleViolation(
                f"the warranty was decided: {self.warranty.value}", code="warranty_decided", rule_id="AFS-11"
            )
        decided = parse(Warranty, warranty, "warranty", "AFS-11")
        if decided is Warranty.UNDECIDED:
            raise InvalidInput.on("warranty", "must be in_warranty or out_of_warranty", rule_id="AFS-11")
        self._record(
            WarrantyDecided(
                order_id=self.id,
                warranty=decided.value,
                diagnosis=text("diagnosis", diagnosis),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @property
    def chargeable(self) -> bool:
        return self.warranty is Warranty.OUT_OF_WARRANTY

    @enforces("AFS-05")
    def accept_quote(self, actor: Actor, *, quote_id: str, total: str, currency: str, now: datetime) -> None:
        """The customer accepted the charges' quote: chargeable work may start."""
        TRANSITIONS.move(self.state, OrderAction.ACCEPT_QUOTE)
        if not self.chargeable:
            raise RuleViolation("only an out-of-warranty job is quoted", code="not_chargeable", rule_id="AFS-11")
        self._record(
            QuoteAccepted(
                order_id=self.id,
                quote_id=text("quote_id", quote_id),
                total=total,
                currency=currency,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-05", "AFS-09", "AFS-11")
    def start(self, actor: Actor, *, now: datetime) -> None:
        """On site: work starts only once the warranty is decided and, when chargeable, the
        customer accepted the quote."""
        self._require_engineer(actor, "starting work")
        TRANSITIONS.move(self.state, OrderAction.START)
        if self.warranty is Warranty.UNDECIDED:
            raise RuleViolation(
                "decide the warranty (after diagnosis) before the work", code="warranty_undecided", rule_id="AFS-11"
            )
        if self.chargeable and not self.quote_id:
            raise RuleViolation(
                "a chargeable repair is quoted to the customer, and accepted, first",
                code="quote_required",
                rule_id="AFS-09",
            )
        self._record(WorkStarted(order_id=self.id, actor=actor.subject, occurred_at=now))

    @enforces("AFS-13")
    def agree_extra_work(
        self,
        actor: Actor,
        *,
        description: str,
        consented_by: str,
        consent_channel: str,
        consented_at: datetime | None,
        policy: AftersalesPolicy,
        now: datetime,
    ) -> None:
        """Repairs beyond the agreed job start only after the customer agrees."""
        self._require_engineering(actor, "agreeing extra work")
        TRANSITIONS.move(self.state, OrderAction.AGREE_EXTRA)
        if consent_channel not in CONSENT_CHANNELS:
            raise InvalidInput.on(
                "consent_channel", f"must be one of: {', '.join(sorted(CONSENT_CHANNELS))}", rule_id="AFS-13"
            )
        self._record(
            ExtraWorkAgreed(
                order_id=self.id,
                description=text("description", description),
                consented_by=text("consented_by", consented_by),
                consent_channel=consent_channel,
                consented_at=reported_time(
                    consented_at,
                    "consented_at",
                    not_before=self.created_at,
                    not_after=now + policy.reported_time_skew,
                    rule_id="AFS-13",
                ),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    # -- the repair key (issue 14 item 2; the keys sub-domain drives these) --------------------

    def request_key(self, actor: Actor, *, key_set_id: str, now: datetime) -> bool:
        """The order asks for a repair key; False when that key is already asked for or out."""
        self._require_engineering(actor, "borrowing a repair key")
        TRANSITIONS.move(self.state, OrderAction.LEND_KEY)
        wanted = text("key_set_id", key_set_id)
        if self.key_loan.out:
            if wanted == self.key_set_id:
                return False
            raise RuleViolation("another key is out under this work order", code="key_out")
        self._record(KeyRequested(order_id=self.id, key_set_id=wanted, actor=actor.subject, occurred_at=now))
        return True

    def key_lent(self, *, loan_id: str, now: datetime) -> None:
        if self.key_loan is KeyLoan.REQUESTED:
            self._record(
                KeyLent(order_id=self.id, key_set_id=self.key_set_id, loan_id=loan_id, actor="system", occurred_at=now)
            )

    def key_refused(self, *, reason: str, now: datetime) -> None:
        if self.key_loan is KeyLoan.REQUESTED:
            self._record(
                KeyLoanRefused(
                    order_id=self.id, key_set_id=self.key_set_id, reason=reason[:500], actor="system", occurred_at=now
                )
            )

    def request_key_return(self, actor: Actor, *, key_count: int, now: datetime) -> None:
        self._require_engineering(actor, "returning a repair key")
        TRANSITIONS.move(self.state, OrderAction.RETURN_KEY)
        if self.key_loan not in (KeyLoan.LENT, KeyLoan.RETURNING):  # again after keys refused one
            raise RuleViolation("no repair key is out under this work order", code="no_key_out")
        if not 1 <= key_count <= 100:
            raise InvalidInput.on("key_count", "must be 1 to 100")
        self._record(
            KeyReturnRequested(
                order_id=self.id, key_set_id=self.key_set_id, key_count=key_count, actor=actor.subject, occurred_at=now
            )
        )

    def key_back(self, *, now: datetime) -> None:
        if self.key_loan is KeyLoan.RETURNING:
            self._record(
                KeyReturned(
                    order_id=self.id,
                    key_set_id=self.key_set_id,
                    loan_id=self.key_loan_id,
                    actor="system",
                    occurred_at=now,
                )
            )

    # -- the end -----------------------------------------------------------------------------

    @enforces("AFS-03")
    def sign_off(
        self,
        actor: Actor,
        *,
        signer_name: str,
        signer_department: str,
        signer_position: str,
        signer_age: int,
        signature_pointer: str,
        note: str,
        policy: AftersalesPolicy,
        now: datetime,
    ) -> None:
        """Complete only when signed: at home by an adult of the household; a public facility
        by the reporting department's qualified role. Unsigned means unfinished; the repair
        key comes back first."""
        self._require_engineering(actor, "recording a sign-off", front_desk=True)
        TRANSITIONS.move(self.state, OrderAction.SIGN_OFF)
        department = text("signer_department", signer_department).lower()
        position = text("signer_position", signer_position).lower()
        if self.kind.at_home:
            if department != HOUSEHOLD:
                raise RuleViolation("signed at home by the household", code="signer_not_household", rule_id="AFS-03")
            if signer_age < policy.adult_age or signer_age > 150:
                raise RuleViolation(
                    f"signed by an adult of the household ({policy.adult_age} or over)",
                    code="signer_not_adult",
                    rule_id="AFS-03",
                )
        else:
            if department != self.reporting_department:
                raise RuleViolation(
                    f"signed by the reporting department ({self.reporting_department})",
                    code="signer_wrong_department",
                    rule_id="AFS-03",
                )
            if not policy.may_sign_for(department, position):
                raise RuleViolation(
                    f"a {position or 'member'} of {department} may not sign for its reports",
                    code="signer_not_qualified",
                    rule_id="AFS-03",
                )
        if self.key_loan.out:
            raise RuleViolation("the repair key is still out: return it before the sign-off", code="key_out")
        self._record(
            WorkOrderSignedOff(
                order_id=self.id,
                branch_id=self.branch_id,
                number=self.number,
                kind=self.kind.value,
                signer_name=text("signer_name", signer_name),
                signer_department=department,
                signer_position=position,
                signer_age=signer_age if self.kind.at_home else 0,
                signature_pointer=text("signature_pointer", signature_pointer),
                note=text("note", note),
                warranty=self.warranty.value,
                engineer=self.engineer,
                quote_id=self.quote_id,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def cancel(self, actor: Actor, *, reason: str, now: datetime) -> None:
        require_role(actor, FRONT_DESK, action="cancelling a work order")
        TRANSITIONS.move(self.state, OrderAction.CANCEL)
        if self.key_loan.out:
            raise RuleViolation("the repair key is still out: return it first", code="key_out")
        self._record(
            WorkOrderCancelled(order_id=self.id, reason=text("reason", reason), actor=actor.subject, occurred_at=now)
        )

    # -- who ---------------------------------------------------------------------------------

    def _require_engineer(self, actor: Actor, action: str) -> None:
        """Only the engineer the order is with."""
        if actor.subject != self.engineer:
            raise Forbidden(f"{action}: only the assigned engineer", code="not_the_engineer", rule_id="AFS-02")

    def _require_engineering(self, actor: Actor, action: str, *, front_desk: bool = False) -> None:
        """The assigned engineer, an engineering lead, or (``front_desk``) customer service."""
        if actor.subject == self.engineer or "system" in actor.roles:
            return
        allowed = frozenset({"team_lead", "manager"}) | (FRONT_DESK if front_desk else frozenset())
        if not actor.has_any_role(allowed):
            raise Forbidden(f"{action}: the assigned engineer or a lead", code="not_the_engineer", rule_id="PLT-02")

    # -- state -------------------------------------------------------------------------------

    def _apply(self, event: OrderEvent) -> None:
        match event:
            case WorkOrderOpened():
                self.id, self.branch_id, self.number = event.order_id, event.branch_id, event.number
                self.kind, self.origin = OrderKind(event.kind), Origin(event.origin)
                self.requester_name, self.requester_phone = event.requester_name, event.requester_phone
                self.unit, self.facility, self.area = event.unit, event.facility, event.area
                self.reporting_department, self.fault, self.product = (
                    event.reporting_department,
                    event.fault,
                    event.product,
                )
                self.warranty, self.appointment_at = Warranty(event.warranty), event.appointment_at
                self.acknowledge_due = event.acknowledge_due
                self.created_by, self.created_at = event.actor, event.occurred_at
            case WorkOrderAcknowledged():
                self.acknowledged_at, self.acknowledged_by = event.occurred_at, event.actor
            case AcknowledgementOverdue():
                self.acknowledgement_overdue = True
            case WorkOrderBooked():
                self.state = TRANSITIONS.move(self.state, OrderAction.BOOK)
                self.appointment_at = event.appointment_at
            case WorkOrderAssigned():
                self.state = TRANSITIONS.move(self.state, OrderAction.ASSIGN)
                self.engineer, self.basis = event.engineer, event.basis
                self.accepted_at = self.departure_due = None
                self.departure_overdue = False
            case WorkOrderAccepted():
                self.state = TRANSITIONS.move(self.state, OrderAction.ACCEPT)
                self.accepted_at, self.departure_due = event.occurred_at, event.departure_due
            case EngineerDeparted():
                self.state = TRANSITIONS.move(self.state, OrderAction.DEPART)
                self.departed_at, self.departure_seconds = event.occurred_at, event.departure_seconds
                self.tools_and_parts = event.tools_and_parts
            case DepartureOverdue():
                self.departure_overdue = True
            case WarrantyDecided():
                self.warranty, self.diagnosis = Warranty(event.warranty), event.diagnosis
            case QuoteAccepted():
                self.quote_id, self.quote_total, self.currency = event.quote_id, event.total, event.currency
            case WorkStarted():
                self.state = TRANSITIONS.move(self.state, OrderAction.START)
                self.started_at = event.occurred_at
            case ExtraWorkAgreed():
                self.extra_work = (*self.extra_work, event.description)
            case KeyRequested():
                self.key_set_id, self.key_loan, self.key_loan_id, self.key_note = (
                    event.key_set_id,
                    KeyLoan.REQUESTED,
                    "",
                    "",
                )
            case KeyLent():
                self.key_loan, self.key_loan_id = KeyLoan.LENT, event.loan_id
            case KeyLoanRefused():
                self.key_loan, self.key_note = KeyLoan.REFUSED, event.reason
            case KeyReturnRequested():
                self.key_loan = KeyLoan.RETURNING
            case KeyReturned():
                self.key_loan = KeyLoan.RETURNED
            case WorkOrderSignedOff():
                self.state = TRANSITIONS.move(self.state, OrderAction.SIGN_OFF)
                self.signer_name, self.signer_department = event.signer_name, event.signer_department
                self.signer_position, self.completed_at = event.signer_position, event.occurred_at
            case WorkOrderCancelled():
                self.state = TRANSITIONS.move(self.state, OrderAction.CANCEL)
                self.cancelled_reason = event.reason
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
