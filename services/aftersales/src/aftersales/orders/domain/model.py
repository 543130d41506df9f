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

from aftersales.domain.kinds import Basis, OrderKind, OrderState, Origin, Warranty, parse
from aftersales.domain.policy import AftersalesPolicy
from aftersales.domain.roles import CONSENT_CHANNELS, FRONT_DESK
from aftersales.orders.domain.events import (
    AcknowledgementOverdue,
    DepartureOverdue,
    EngineerDeparted,
    ExtraWorkAgreed,
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
from aftersales.orders.domain.form import ENGINEERING, order_number, text
from aftersales.orders.domain.repair_key import RepairKeyMoves
from aftersales.orders.domain.signers import check_signer
from aftersales.orders.domain.states import TRANSITIONS, OrderAction
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role, staff_id
from cskit.domain.clock import reported_time
from cskit.domain.rules import enforces


class WorkOrder(RepairKeyMoves):
    """Build it with ``open`` or ``rebuild``, never directly."""

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
        check_signer(
            kind=self.kind,
            reporting_department=self.reporting_department,
            department=department,
            position=position,
            signer_age=signer_age,
            policy=policy,
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
