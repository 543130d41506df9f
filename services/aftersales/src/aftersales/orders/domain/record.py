"""The work order's state and how each of its events changes it: what ``WorkOrder`` rebuilds
from its history and records onto, plus the checks of who the order is with."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_never

from aftersales.domain.kinds import KeyLoan, OrderKind, OrderState, Origin, Warranty
from aftersales.domain.roles import FRONT_DESK
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
from cskit.domain import Actor, Forbidden
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class OrderRecord(EventSourced[OrderEvent]):
    """The fields of a work order and the event application; the commands are ``WorkOrder``'s."""

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

    @property
    def chargeable(self) -> bool:
        return self.warranty is Warranty.OUT_OF_WARRANTY

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
