"""Fault-case handlers: one function per command, domain calls only. Approving a repair opens
its work order in the same unit of work (the case and the order commit together, or neither)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from aftersales.domain.kinds import Warranty
from aftersales.domain.policy import AftersalesPolicy
from aftersales.faults.app.ports import FaultsUnitOfWork, FaultsUnitOfWorkFactory
from aftersales.faults.domain import commands as c
from aftersales.faults.domain.model import FaultCase
from aftersales.faults.domain.policy import FaultsPolicy
from aftersales.observability import FAULTS_CLOSED, FAULTS_RECORDED
from aftersales.orders.app.handlers import ACKNOWLEDGEMENT
from aftersales.orders.domain.model import WorkOrder
from cskit.calls import Call, act, once
from cskit.domain import Clock


def case_ref(case: FaultCase) -> str:
    return case.id


async def case_now(uow: FaultsUnitOfWork, case_id: str) -> FaultCase:
    """A repeated call answers with the case as it now stands."""
    return await uow.faults.get(case_id)


class FaultHandlers:
    def __init__(
        self, uow: FaultsUnitOfWorkFactory, clock: Clock, policy: FaultsPolicy, orders_policy: AftersalesPolicy
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy
        self._orders_policy = orders_policy

    async def _change(self, call: Call, case_id: str, change: Callable[[FaultCase], None]) -> FaultCase:
        return await act(self._uow(call), case_id, load=case_now, change=change, ref=case_ref)

    async def record_fault(self, cmd: c.RecordFault, call: Call) -> FaultCase:
        async def work(uow: FaultsUnitOfWork) -> FaultCase:
            case = FaultCase.record(
                case_id=str(uuid.uuid4()),
                actor=call.actor,
                branch_id=call.actor.branch_id,
                customer_name=cmd.customer_name,
                customer_phone=cmd.customer_phone,
                unit=cmd.unit,
                product=cmd.product,
                symptom=cmd.symptom,
                now=self._clock.now(),
            )
            uow.faults.add(case)
            return case

        case = await once(self._uow(call), work, ref=case_ref, replay=case_now)
        FAULTS_RECORDED.labels(case.branch_id).inc()
        return case

    async def answer_fault(self, cmd: c.AnswerFault, call: Call) -> FaultCase:
        case = await self._change(
            call, cmd.id, lambda f: f.give_answer(call.actor, answer=cmd.answer, now=self._clock.now())
        )
        FAULTS_CLOSED.labels(case.branch_id, "answered").inc()
        return case

    async def escalate_fault(self, cmd: c.EscalateFault, call: Call) -> FaultCase:
        return await self._change(
            call, cmd.id, lambda f: f.escalate(call.actor, reason=cmd.reason, now=self._clock.now())
        )

    async def record_customer_call(self, cmd: c.RecordCustomerCall, call: Call) -> FaultCase:
        return await self._change(
            call, cmd.id, lambda f: f.record_call(call.actor, summary=cmd.summary, now=self._clock.now())
        )

    async def decide_repair(self, cmd: c.DecideRepair, call: Call) -> FaultCase:
        return await self._change(
            call,
            cmd.id,
            lambda f: f.decide(
                call.actor,
                decision=cmd.decision,
                chargeable=cmd.chargeable,
                diagnosis=cmd.diagnosis,
                now=self._clock.now(),
            ),
        )

    async def quote_repair(self, cmd: c.QuoteRepair, call: Call) -> FaultCase:
        return await self._change(
            call, cmd.id, lambda f: f.quote(call.actor, amount=cmd.amount, policy=self._policy, now=self._clock.now())
        )

    async def accept_repair_quote(self, cmd: c.AcceptRepairQuote, call: Call) -> FaultCase:
        return await self._change(
            call,
            cmd.id,
            lambda f: f.accept_quote(
                call.actor, accepted_by=cmd.accepted_by, channel=cmd.channel, now=self._clock.now()
            ),
        )

    async def approve_repair(self, cmd: c.ApproveRepair, call: Call) -> FaultCase:
        async def work(uow: FaultsUnitOfWork) -> FaultCase:
            now = self._clock.now()
            case = await uow.faults.get(cmd.id)
            order_id = str(uuid.uuid4())
            kind = case.approve_repair(call.actor, work_order_id=order_id, now=now)
            order = WorkOrder.open(
                order_id=order_id,
                actor=call.actor,
                branch_id=case.branch_id,
                policy=self._orders_policy,
                kind=kind.value,
                origin="resident_call",
                requester_name=case.customer_name,
                requester_phone=case.customer_phone,
                unit=case.unit,
                fault=f"{case.symptom}\n{case.diagnosis}",
                product=case.product,
                # The quote was accepted on the case (AFS-09); the order says it is charged.
                warranty=(Warranty.OUT_OF_WARRANTY if case.chargeable else Warranty.IN_WARRANTY).value,
                now=now,
            )
            uow.orders.add(order)
            uow.schedule_timer(ACKNOWLEDGEMENT, order.id, order.acknowledge_due)
            return case

        case = await once(self._uow(call), work, ref=case_ref, replay=case_now)
        FAULTS_CLOSED.labels(case.branch_id, case.decision).inc()
        return case

    async def close_fault(self, cmd: c.CloseFault, call: Call) -> FaultCase:
        case = await self._change(call, cmd.id, lambda f: f.close(call.actor, reason=cmd.reason, now=self._clock.now()))
        FAULTS_CLOSED.labels(case.branch_id, "closed").inc()
        return case
