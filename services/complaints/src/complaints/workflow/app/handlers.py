"""One function per workflow command (CMP-05, CMP-06, CMP-07): load the case in the
caller's branch scope, call the aggregate, commit through the unit of work.

The unit of work writes the events to history (PLT-04) and the outbox (PLT-03), and
re-arms the clock timer at the next deadline: the workflow never stops a clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from complaints.intake.app.handlers import act_on_complaint
from complaints.intake.app.ports import CallContext, UnitOfWorkFactory
from complaints.intake.domain.model import Complaint
from complaints.workflow.domain import commands as w
from complaints.workflow.domain.policy import DEFAULT_WORKFLOW_POLICY, WorkflowPolicy
from cskit.domain import Actor, Clock

Step = Callable[[Complaint, Actor, WorkflowPolicy, datetime], None]


class WorkflowHandlers:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, policy: WorkflowPolicy = DEFAULT_WORKFLOW_POLICY) -> None:
        self._uow = uow
        self._clock = clock
        self.policy = policy

    async def _act(self, ctx: CallContext, complaint_id: str, step: Step) -> Complaint:
        return await act_on_complaint(
            self._uow(ctx), complaint_id, lambda x: step(x, ctx.actor, self.policy, self._clock.now())
        )

    async def route_complaint(self, cmd: w.RouteComplaint, ctx: CallContext) -> Complaint:
        return await self._act(ctx, cmd.complaint_id, lambda x, a, p, now: x.route(a, cmd.route, cmd.opinion, p, now))

    async def assign_handling_department(self, cmd: w.AssignHandlingDepartment, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx,
            cmd.complaint_id,
            lambda x, a, p, now: x.assign_handling_department(a, cmd.department, cmd.instructions, p, now),
        )

    async def submit_investigation_report(self, cmd: w.SubmitInvestigationReport, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx, cmd.complaint_id, lambda x, a, p, now: x.submit_investigation_report(a, cmd.report, p, now)
        )

    async def approve_investigation_report(self, cmd: w.ApproveInvestigationReport, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx, cmd.complaint_id, lambda x, a, p, now: x.approve_investigation_report(a, cmd.comment, p, now)
        )

    async def return_investigation_report(self, cmd: w.ReturnInvestigationReport, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx, cmd.complaint_id, lambda x, a, p, now: x.return_investigation_report(a, cmd.reason, p, now)
        )

    async def record_customer_answer(self, cmd: w.RecordCustomerAnswer, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx, cmd.complaint_id, lambda x, a, p, now: x.record_customer_answer(a, cmd.method, cmd.summary, p, now)
        )

    async def escalate_complaint(self, cmd: w.EscalateComplaint, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx,
            cmd.complaint_id,
            lambda x, a, p, now: x.escalate(a, cmd.to_level, cmd.reason, cmd.handling_opinion, p, now),
        )

    async def acknowledge_escalation(self, cmd: w.AcknowledgeEscalation, ctx: CallContext) -> Complaint:
        return await self._act(
            ctx, cmd.complaint_id, lambda x, a, p, now: x.acknowledge_escalation(a, cmd.note, p, now)
        )
